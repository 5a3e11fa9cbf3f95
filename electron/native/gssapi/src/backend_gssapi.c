/*
 * GSSAPI initiator on MIT krb5 (Linux) or GSS.framework (macOS, built but untested).
 * Credentials come from the cache the caller names (gss_acquire_cred_from's "ccache" store), so
 * each context picks its own identity without KRB5CCNAME or any other process-wide setting.
 */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef DESK_GSS_FRAMEWORK
#include <GSS/GSS.h>
#else
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>
#endif

const char *const DESK_GSS_BACKEND = "gssapi";

static gss_OID_desc KRB5_MECH = {9, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02"};
static gss_OID_desc SPNEGO_MECH = {6, (void *)"\x2b\x06\x01\x05\x05\x02"};
static gss_OID_desc KRB5_PRINCIPAL_NAME = {10, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x02\x01"};

/* Replay and sequence detection make gss_unwrap flag a replayed or reordered reply. */
#define REQUESTED_FLAGS (GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG | GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG)
#define OUT_OF_SEQUENCE (GSS_S_DUPLICATE_TOKEN | GSS_S_OLD_TOKEN | GSS_S_UNSEQ_TOKEN | GSS_S_GAP_TOKEN)

struct desk_gss {
  gss_ctx_id_t context;
  gss_cred_id_t cred;
  gss_name_t target;
  gss_OID mech;
  struct gss_channel_bindings_struct bindings;
  int has_bindings;
  int complete;
};

static void append_status(char *err, size_t *used, OM_uint32 code, int type, gss_OID mech) {
  OM_uint32 minor, context = 0;
  do {
    gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
    if (GSS_ERROR(gss_display_status(&minor, code, type, mech, &context, &text))) return;
    if (text.length > 0 && *used < DESK_ERR_SIZE - 1) {
      int n = snprintf(err + *used, DESK_ERR_SIZE - *used, "%s%.*s", *used ? ": " : "", (int)text.length, (const char *)text.value);
      if (n > 0) *used = *used + (size_t)n < DESK_ERR_SIZE ? *used + (size_t)n : DESK_ERR_SIZE - 1;
    }
    gss_release_buffer(&minor, &text);
  } while (context != 0);
}

/* "<what>: <GSS reason>: <mechanism reason>", the mechanism's text being the useful part. */
static int fail(char *err, int kind, const char *what, OM_uint32 major, OM_uint32 minor, gss_OID mech) {
  size_t used = (size_t)snprintf(err, DESK_ERR_SIZE, "%s", what);
  if (used >= DESK_ERR_SIZE) used = DESK_ERR_SIZE - 1;
  if (GSS_ERROR(major)) append_status(err, &used, major, GSS_C_GSS_CODE, GSS_C_NO_OID);
  if (minor != 0) append_status(err, &used, minor, GSS_C_MECH_CODE, mech);
  return kind;
}

int desk_gss_new(const desk_gss_options *options, desk_gss **out, char *err) {
  OM_uint32 major, minor;
  desk_gss *ctx = calloc(1, sizeof *ctx);
  if (!ctx) return fail(err, DESK_FAILED, "out of memory", 0, 0, GSS_C_NO_OID);
  ctx->context = GSS_C_NO_CONTEXT;
  ctx->cred = GSS_C_NO_CREDENTIAL;
  ctx->target = GSS_C_NO_NAME;
  ctx->mech = options->spnego ? &SPNEGO_MECH : &KRB5_MECH;

  size_t host_length = strlen(options->service_host);
  char *service = malloc(host_length + 6);
  if (!service) {
    free(ctx);
    return fail(err, DESK_FAILED, "out of memory", 0, 0, GSS_C_NO_OID);
  }
  memcpy(service, "HTTP@", 5);
  memcpy(service + 5, options->service_host, host_length + 1);
  gss_buffer_desc service_name = {host_length + 5, service};
  major = gss_import_name(&minor, &service_name, GSS_C_NT_HOSTBASED_SERVICE, &ctx->target);
  free(service);
  if (GSS_ERROR(major)) {
    desk_gss_free(ctx);
    return fail(err, DESK_FAILED, "the service name was refused", major, minor, GSS_C_NO_OID);
  }

  gss_name_t desired = GSS_C_NO_NAME;
  if (options->principal) {
    gss_buffer_desc principal = {strlen(options->principal), (void *)options->principal};
    major = gss_import_name(&minor, &principal, &KRB5_PRINCIPAL_NAME, &desired);
    if (GSS_ERROR(major)) {
      desk_gss_free(ctx);
      return fail(err, DESK_FAILED, "the user principal was refused", major, minor, GSS_C_NO_OID);
    }
  }
  gss_OID_set_desc mechs = {1, ctx->mech};
#ifdef DESK_GSS_FRAMEWORK
  /* GSS.framework has no credential store argument: the default cache collection is used. */
  major = gss_acquire_cred(&minor, desired, GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE, &ctx->cred, NULL, NULL);
#else
  gss_key_value_element_desc element = {"ccache", options->ccache};
  gss_key_value_set_desc store = {1, &element};
  major = gss_acquire_cred_from(&minor, desired, GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE,
                                options->ccache ? &store : GSS_C_NO_CRED_STORE, &ctx->cred, NULL, NULL);
#endif
  if (desired != GSS_C_NO_NAME) gss_release_name(&minor, &desired);
  if (GSS_ERROR(major)) {
    OM_uint32 saved = minor;
    desk_gss_free(ctx);
    return fail(err, DESK_FAILED, "no Kerberos credentials", major, saved, &KRB5_MECH);
  }
  if (options->spnego) {
    /* Only Kerberos inside SPNEGO: NTLM is the app's own, and is chosen (or refused) above this layer. */
    gss_OID_set_desc krb5_only = {1, &KRB5_MECH};
    major = gss_set_neg_mechs(&minor, ctx->cred, &krb5_only);
    if (GSS_ERROR(major)) {
      desk_gss_free(ctx);
      return fail(err, DESK_FAILED, "SPNEGO could not be limited to Kerberos", major, minor, GSS_C_NO_OID);
    }
  }
  if (options->bindings) {
    void *copy = malloc(options->bindings_length ? options->bindings_length : 1);
    if (!copy) {
      desk_gss_free(ctx);
      return fail(err, DESK_FAILED, "out of memory", 0, 0, GSS_C_NO_OID);
    }
    memcpy(copy, options->bindings, options->bindings_length);
    ctx->bindings.initiator_addrtype = GSS_C_AF_UNSPEC;
    ctx->bindings.acceptor_addrtype = GSS_C_AF_UNSPEC;
    ctx->bindings.application_data.length = options->bindings_length;
    ctx->bindings.application_data.value = copy;
    ctx->has_bindings = 1;
  }
  *out = ctx;
  return DESK_OK;
}

int desk_gss_step(desk_gss *ctx, const uint8_t *in, size_t in_length, desk_bytes *out, int *complete, char *err) {
  OM_uint32 minor, ret_flags = 0;
  gss_buffer_desc input = {in_length, (void *)in};
  gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
  out->data = NULL;
  out->length = 0;
  *complete = 0;
  OM_uint32 major = gss_init_sec_context(&minor, ctx->cred, &ctx->context, ctx->target, ctx->mech, REQUESTED_FLAGS, 0,
                                         ctx->has_bindings ? &ctx->bindings : GSS_C_NO_CHANNEL_BINDINGS,
                                         in_length ? &input : GSS_C_NO_BUFFER, NULL, &output, &ret_flags, NULL);
  if (GSS_ERROR(major)) {
    OM_uint32 ignored;
    gss_release_buffer(&ignored, &output);
    return fail(err, DESK_FAILED, "the Kerberos handshake failed", major, minor, &KRB5_MECH);
  }
  if (output.length > 0) {
    out->data = malloc(output.length);
    if (!out->data) {
      gss_release_buffer(&minor, &output);
      return fail(err, DESK_FAILED, "out of memory", 0, 0, GSS_C_NO_OID);
    }
    memcpy(out->data, output.value, output.length);
    out->length = output.length;
  }
  gss_release_buffer(&minor, &output);
  if (major == GSS_S_COMPLETE) {
    if ((ret_flags & (GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG | GSS_C_MUTUAL_FLAG)) != (GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG | GSS_C_MUTUAL_FLAG)) {
      desk_bytes_free(out);
      return fail(err, DESK_FAILED, "the security context offers no mutual authentication or message protection", 0, 0, GSS_C_NO_OID);
    }
    ctx->complete = 1;
    *complete = 1;
  }
  return DESK_OK;
}

int desk_gss_complete(const desk_gss *ctx) { return ctx->complete; }

static void iov_layout(gss_iov_buffer_desc iov[3], uint8_t *data, size_t length) {
  iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER;
  iov[0].buffer.length = 0;
  iov[0].buffer.value = NULL;
  iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
  iov[1].buffer.length = length;
  iov[1].buffer.value = data;
  iov[2].type = GSS_IOV_BUFFER_TYPE_PADDING;
  iov[2].buffer.length = 0;
  iov[2].buffer.value = NULL;
}

int desk_gss_wrap_sizes(desk_gss *ctx, size_t length, size_t *header_length, size_t *padding_length, char *err) {
  if (!ctx->complete) return fail(err, DESK_USAGE, "the Kerberos context is not established", 0, 0, GSS_C_NO_OID);
  OM_uint32 minor;
  int conf = 0;
  gss_iov_buffer_desc iov[3];
  iov_layout(iov, NULL, length);
  OM_uint32 major = gss_wrap_iov_length(&minor, ctx->context, 1, GSS_C_QOP_DEFAULT, &conf, iov, 3);
  if (GSS_ERROR(major)) return fail(err, DESK_FAILED, "the wrap size could not be computed", major, minor, &KRB5_MECH);
  *header_length = iov[0].buffer.length;
  *padding_length = iov[2].buffer.length;
  return DESK_OK;
}

int desk_gss_wrap(desk_gss *ctx, uint8_t *data, size_t length, uint8_t *header, size_t header_length, uint8_t *padding,
                  size_t *padding_length, char *err) {
  if (!ctx->complete) return fail(err, DESK_USAGE, "the Kerberos context is not established", 0, 0, GSS_C_NO_OID);
  OM_uint32 minor;
  int conf = 0;
  gss_iov_buffer_desc iov[3];
  iov_layout(iov, data, length);
  iov[0].buffer.length = header_length;
  iov[0].buffer.value = header;
  iov[2].buffer.length = *padding_length;
  iov[2].buffer.value = padding;
  OM_uint32 major = gss_wrap_iov(&minor, ctx->context, 1, GSS_C_QOP_DEFAULT, &conf, iov, 3);
  if (GSS_ERROR(major)) return fail(err, DESK_FAILED, "the message could not be encrypted", major, minor, &KRB5_MECH);
  if (!conf) return fail(err, DESK_FAILED, "the context signed the message instead of encrypting it", 0, 0, GSS_C_NO_OID);
  *padding_length = iov[2].buffer.length;
  return DESK_OK;
}

int desk_gss_unwrap(desk_gss *ctx, const uint8_t *token, size_t length, size_t header_length, desk_bytes *out, char *err) {
  (void)header_length; /* gss_unwrap finds the header (and its rotated trailer) in the token itself */
  out->data = NULL;
  out->length = 0;
  if (!ctx->complete) return fail(err, DESK_USAGE, "the Kerberos context is not established", 0, 0, GSS_C_NO_OID);
  OM_uint32 minor;
  int conf = 0;
  gss_qop_t qop = 0;
  gss_buffer_desc input = {length, (void *)token};
  gss_buffer_desc output = GSS_C_EMPTY_BUFFER;
  OM_uint32 major = gss_unwrap(&minor, ctx->context, &input, &output, &conf, &qop);
  if (GSS_ERROR(major)) {
    OM_uint32 ignored;
    gss_release_buffer(&ignored, &output);
    return fail(err, DESK_INTEGRITY, "the message failed its integrity check", major, minor, &KRB5_MECH);
  }
  if (major & OUT_OF_SEQUENCE) {
    gss_release_buffer(&minor, &output);
    return fail(err, DESK_INTEGRITY, (major & (GSS_S_DUPLICATE_TOKEN | GSS_S_OLD_TOKEN)) ? "the message was a replay of an earlier one" : "the message arrived out of sequence", 0, 0, GSS_C_NO_OID);
  }
  if (!conf) {
    gss_release_buffer(&minor, &output);
    return fail(err, DESK_INTEGRITY, "the message was signed but not encrypted", 0, 0, GSS_C_NO_OID);
  }
  out->data = malloc(output.length ? output.length : 1);
  if (!out->data) {
    gss_release_buffer(&minor, &output);
    return fail(err, DESK_FAILED, "out of memory", 0, 0, GSS_C_NO_OID);
  }
  memcpy(out->data, output.value, output.length);
  out->length = output.length;
  gss_release_buffer(&minor, &output);
  return DESK_OK;
}

void desk_gss_free(desk_gss *ctx) {
  if (!ctx) return;
  OM_uint32 minor;
  if (ctx->context != GSS_C_NO_CONTEXT) gss_delete_sec_context(&minor, &ctx->context, GSS_C_NO_BUFFER);
  if (ctx->cred != GSS_C_NO_CREDENTIAL) gss_release_cred(&minor, &ctx->cred);
  if (ctx->target != GSS_C_NO_NAME) gss_release_name(&minor, &ctx->target);
  free(ctx->bindings.application_data.value);
  free(ctx);
}
