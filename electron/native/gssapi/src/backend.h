/*
 * The platform side of WinRM Desk's initiator: MIT krb5 or GSS.framework (backend_gssapi.c) or
 * Windows SSPI (backend_sspi.c). addon.c turns these calls into JavaScript; nothing here knows
 * about Node. Every function returns 0 on success; otherwise it writes a NUL-terminated reason into
 * `err` (never a password: none ever reaches this layer) and returns a DESK_* failure kind.
 */
#ifndef DESK_GSS_BACKEND_H
#define DESK_GSS_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#define DESK_OK 0
#define DESK_FAILED 1       /* the library refused: credentials, target, token */
#define DESK_INTEGRITY 2    /* a wrapped message failed its check, was replayed, or was not sealed */
#define DESK_USAGE 3        /* a call out of order (wrap before the context is complete) */

#define DESK_ERR_SIZE 512

typedef struct desk_gss desk_gss;

typedef struct {
  /* The host part of the service principal HTTP/<host>. */
  const char *service_host;
  /* 1: SPNEGO (the `Negotiate` HTTP scheme), limited to Kerberos inside; 0: raw Kerberos. */
  int spnego;
  /* `user@REALM` whose ticket to use; NULL: the credential cache's default principal. */
  const char *principal;
  /* A credential cache or collection name (DIR:…, FILE:…); NULL: the library's default. */
  const char *ccache;
  /* The application data of the channel bindings (tls-server-end-point:<hash>); NULL: none. */
  const uint8_t *bindings;
  size_t bindings_length;
} desk_gss_options;

typedef struct {
  uint8_t *data;
  size_t length;
} desk_bytes;

int desk_gss_new(const desk_gss_options *options, desk_gss **out, char *err);

/* One handshake leg: `in` is the peer's last token (NULL/0 to start); `out` receives the next token
 * (length 0: none), `complete` whether the context is established. May talk to the KDC. */
int desk_gss_step(desk_gss *ctx, const uint8_t *in, size_t in_length, desk_bytes *out, int *complete, char *err);

/* WinRM's wrap layout: the header (for AES, 60 bytes with the trailer rotated into it) and the
 * data encrypted in place; `padding` (0 bytes for AES) follows the data on the wire. */
int desk_gss_wrap_sizes(desk_gss *ctx, size_t length, size_t *header_length, size_t *padding_length, char *err);
int desk_gss_wrap(desk_gss *ctx, uint8_t *data, size_t length, uint8_t *header, size_t header_length,
                  uint8_t *padding, size_t *padding_length, char *err);

/* Verifies and decrypts header||data (contiguous, header first); fails unless the message was
 * sealed and is the next one in sequence. */
int desk_gss_unwrap(desk_gss *ctx, const uint8_t *token, size_t length, size_t header_length, desk_bytes *out, char *err);

/* Whether the server proved its identity and the context may wrap. */
int desk_gss_complete(const desk_gss *ctx);

void desk_bytes_free(desk_bytes *bytes);
void desk_gss_free(desk_gss *ctx);

/* "gssapi" or "sspi", for the app's diagnostics. */
extern const char *const DESK_GSS_BACKEND;

#endif
