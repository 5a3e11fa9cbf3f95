/*
 * SSPI initiator (Windows). Wine is no test bed for it: Wine 8's Kerberos puts the wrap token after
 * the data, ignores channel bindings, misreads SEC_WINNT_AUTH_IDENTITY_EXW and under-reports
 * cbSecurityTrailer (49 for a 60-byte token).
 * Credentials are the logon session's: Windows keeps the user's tickets in LSA, so the principal and
 * ccache options have nothing to name and are ignored (the JavaScript layer passes neither here).
 */
#define WIN32_LEAN_AND_MEAN
#define SECURITY_WIN32
#include <windows.h>
#include <security.h>

#include "backend.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const DESK_GSS_BACKEND = "sspi";

/* Replay and sequence detection make DecryptMessage refuse a replayed or reordered reply. */
#define REQUESTED_FLAGS (ISC_REQ_MUTUAL_AUTH | ISC_REQ_CONFIDENTIALITY | ISC_REQ_INTEGRITY | ISC_REQ_REPLAY_DETECT | \
                         ISC_REQ_SEQUENCE_DETECT)
#define REQUIRED_FLAGS (ISC_RET_MUTUAL_AUTH | ISC_RET_CONFIDENTIALITY | ISC_RET_INTEGRITY)

/* SSPI takes non-const strings. The package list is what SEC_WINNT_AUTH_IDENTITY_EX documents for
 * limiting Negotiate: a list of the packages it may use. "Kerberos" rather than "!ntlm" so that
 * NegoExtender (PKU2U and the like) stays out as well, as gss_set_neg_mechs does on MIT. */
static wchar_t KERBEROS_PACKAGE[] = L"Kerberos";
static wchar_t NEGOTIATE_PACKAGE[] = L"Negotiate";
static wchar_t KERBEROS_ONLY[] = L"Kerberos";

struct desk_gss {
  CredHandle cred;
  CtxtHandle context;
  int has_cred;
  int has_context;
  wchar_t *target;
  /* The package's bound on a handshake token (MaxTokenSize, 48000 by default for Kerberos): the
   * output buffer is ours rather than ISC_REQ_ALLOCATE_MEMORY's, which Wine does not implement. */
  ULONG max_token;
  /* A SEC_CHANNEL_BINDINGS followed by the application data, or NULL. */
  void *bindings;
  ULONG bindings_length;
  SecPkgContext_Sizes sizes;
  int has_sizes;
  int spnego;
  int complete;
};

/* "<what> (0x<status>): <system text>"; the code first so that a shortened message keeps it. The
 * text is read as UTF-16 and written as UTF-8: the ANSI code page of a localized Windows would not
 * survive napi_create_string_utf8. */
static int fail(char *err, int kind, const char *what, SECURITY_STATUS status) {
  int used = snprintf(err, DESK_ERR_SIZE, "%s", what);
  if (status == SEC_E_OK || used < 0 || used >= DESK_ERR_SIZE - 1) return kind;
  wchar_t wide[256];
  char text[768];
  DWORD wide_length = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, (DWORD)status, 0, wide,
                                     (DWORD)(sizeof wide / sizeof wide[0]), NULL);
  int length = wide_length ? WideCharToMultiByte(CP_UTF8, 0, wide, (int)wide_length, text, (int)sizeof text - 1, NULL, NULL) : 0;
  if (length < 0) length = 0;
  text[length] = '\0';
  for (char *c = text; *c; c++) if (*c == '\r' || *c == '\n') *c = ' ';
  while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '.')) text[--length] = '\0';
  snprintf(err + used, DESK_ERR_SIZE - (size_t)used, " (0x%08lX)%s%s", (unsigned long)status, length ? ": " : "", text);
  return kind;
}

static wchar_t *service_principal(const char *host) {
  static const wchar_t prefix[] = L"HTTP/";
  const int prefix_length = (int)(sizeof prefix / sizeof prefix[0]) - 1;
  int host_length = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, host, -1, NULL, 0);
  if (host_length <= 0) return NULL;
  wchar_t *name = malloc(((size_t)prefix_length + (size_t)host_length) * sizeof *name);
  if (!name) return NULL;
  memcpy(name, prefix, (size_t)prefix_length * sizeof *name);
  if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, host, -1, name + prefix_length, host_length) != host_length) {
    free(name);
    return NULL;
  }
  return name;
}

int desk_gss_new(const desk_gss_options *options, desk_gss **out, char *err) {
  desk_gss *ctx = calloc(1, sizeof *ctx);
  if (!ctx) return fail(err, DESK_FAILED, "out of memory", SEC_E_OK);
  SecInvalidateHandle(&ctx->cred);
  SecInvalidateHandle(&ctx->context);
  ctx->spnego = options->spnego;

  ctx->target = service_principal(options->service_host);
  if (!ctx->target) {
    desk_gss_free(ctx);
    return fail(err, DESK_FAILED, "the service name was refused (not UTF-8, or out of memory)", SEC_E_OK);
  }

  /* No user, domain or password: the logon session's credentials, limited to the listed packages. */
  SEC_WINNT_AUTH_IDENTITY_EXW identity;
  memset(&identity, 0, sizeof identity);
  identity.Version = SEC_WINNT_AUTH_IDENTITY_VERSION;
  identity.Length = sizeof identity;
  identity.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
  identity.PackageList = (unsigned short *)KERBEROS_ONLY;
  identity.PackageListLength = (unsigned long)wcslen(KERBEROS_ONLY);
  TimeStamp expiry;
  SECURITY_STATUS status = AcquireCredentialsHandleW(NULL, options->spnego ? NEGOTIATE_PACKAGE : KERBEROS_PACKAGE, SECPKG_CRED_OUTBOUND,
                                                     NULL, options->spnego ? &identity : NULL, NULL, NULL, &ctx->cred, &expiry);
  if (status != SEC_E_OK) {
    desk_gss_free(ctx);
    return fail(err, DESK_FAILED, "no Kerberos credentials", status);
  }
  ctx->has_cred = 1;
  SecPkgInfoW *package = NULL;
  status = QuerySecurityPackageInfoW(options->spnego ? NEGOTIATE_PACKAGE : KERBEROS_PACKAGE, &package);
  if (status != SEC_E_OK) {
    desk_gss_free(ctx);
    return fail(err, DESK_FAILED, "the Kerberos package could not be queried", status);
  }
  ctx->max_token = package->cbMaxToken;
  FreeContextBuffer(package);

  if (options->bindings) {
    if (options->bindings_length > ULONG_MAX - sizeof(SEC_CHANNEL_BINDINGS)) {
      desk_gss_free(ctx);
      return fail(err, DESK_FAILED, "the channel bindings are too long", SEC_E_OK);
    }
    ctx->bindings_length = (ULONG)(sizeof(SEC_CHANNEL_BINDINGS) + options->bindings_length);
    ctx->bindings = calloc(1, ctx->bindings_length);
    if (!ctx->bindings) {
      desk_gss_free(ctx);
      return fail(err, DESK_FAILED, "out of memory", SEC_E_OK);
    }
    /* Address types and lengths stay 0 (unspecified), as GSS_C_AF_UNSPEC on MIT: only the
     * tls-server-end-point data is bound. */
    SEC_CHANNEL_BINDINGS *header = ctx->bindings;
    header->cbApplicationDataLength = (ULONG)options->bindings_length;
    header->dwApplicationDataOffset = sizeof(SEC_CHANNEL_BINDINGS);
    memcpy((uint8_t *)ctx->bindings + sizeof(SEC_CHANNEL_BINDINGS), options->bindings, options->bindings_length);
  }
  *out = ctx;
  return DESK_OK;
}

/* Whether Negotiate ended in Kerberos. The package list should already have kept NTLM out; this
 * holds even if a Windows version reads the list differently, since NTLM here would be a silent
 * downgrade the app never chose. */
static int negotiated_kerberos(desk_gss *ctx, char *err) {
  SecPkgContext_PackageInfoW info = {NULL};
  SECURITY_STATUS status = QueryContextAttributesW(&ctx->context, SECPKG_ATTR_PACKAGE_INFO, &info);
  if (status != SEC_E_OK || !info.PackageInfo) {
    fail(err, DESK_FAILED, "the negotiated security package could not be read", status);
    return 0;
  }
  int kerberos = info.PackageInfo->Name && _wcsicmp(info.PackageInfo->Name, KERBEROS_PACKAGE) == 0;
  FreeContextBuffer(info.PackageInfo);
  if (!kerberos) fail(err, DESK_FAILED, "Negotiate chose a package other than Kerberos", SEC_E_OK);
  return kerberos;
}

int desk_gss_step(desk_gss *ctx, const uint8_t *in, size_t in_length, desk_bytes *out, int *complete, char *err) {
  out->data = NULL;
  out->length = 0;
  *complete = 0;
  if (ctx->complete) return fail(err, DESK_USAGE, "the Kerberos handshake is already complete", SEC_E_OK);
  if (in_length > ULONG_MAX) return fail(err, DESK_FAILED, "the server's handshake token is too long", SEC_E_OK);

  /* The bindings go with every leg, not only the first: which leg the package reads them on is not
   * documented, and the same ones each time cannot hurt. */
  SecBuffer in_buffers[2];
  ULONG in_count = 0;
  if (in_length > 0) {
    in_buffers[in_count].cbBuffer = (ULONG)in_length;
    in_buffers[in_count].BufferType = SECBUFFER_TOKEN;
    in_buffers[in_count].pvBuffer = (void *)in;
    in_count++;
  }
  if (ctx->bindings) {
    in_buffers[in_count].cbBuffer = ctx->bindings_length;
    in_buffers[in_count].BufferType = SECBUFFER_CHANNEL_BINDINGS;
    in_buffers[in_count].pvBuffer = ctx->bindings;
    in_count++;
  }
  SecBufferDesc input = {SECBUFFER_VERSION, in_count, in_buffers};
  /* Handed to the caller as it is: the addon copies it into JavaScript and frees it. */
  SecBuffer out_buffer = {ctx->max_token, SECBUFFER_TOKEN, malloc(ctx->max_token ? ctx->max_token : 1)};
  if (!out_buffer.pvBuffer) return fail(err, DESK_FAILED, "out of memory", SEC_E_OK);
  SecBufferDesc output = {SECBUFFER_VERSION, 1, &out_buffer};
  ULONG attributes = 0;
  SECURITY_STATUS status = InitializeSecurityContextW(&ctx->cred, ctx->has_context ? &ctx->context : NULL, ctx->target, REQUESTED_FLAGS,
                                                      0, SECURITY_NATIVE_DREP, in_count ? &input : NULL, 0, &ctx->context, &output,
                                                      &attributes, NULL);
  /* After a failed first call the handle was never made; after a later one it still needs deleting. */
  if (!FAILED(status)) ctx->has_context = 1;
  /* Kerberos and Negotiate do not ask for this (Digest and DCE-style contexts do); handled anyway
   * rather than sending a token the package has not finished. */
  if (status == SEC_I_COMPLETE_NEEDED || status == SEC_I_COMPLETE_AND_CONTINUE) {
    SECURITY_STATUS completed = CompleteAuthToken(&ctx->context, &output);
    if (completed != SEC_E_OK) status = completed;
    else status = status == SEC_I_COMPLETE_NEEDED ? SEC_E_OK : SEC_I_CONTINUE_NEEDED;
  }
  if (status != SEC_E_OK && status != SEC_I_CONTINUE_NEEDED) {
    free(out_buffer.pvBuffer);
    return fail(err, DESK_FAILED, "the Kerberos handshake failed", status);
  }
  if (out_buffer.cbBuffer > 0 && out_buffer.cbBuffer <= ctx->max_token) {
    out->data = out_buffer.pvBuffer;
    out->length = out_buffer.cbBuffer;
  } else {
    free(out_buffer.pvBuffer);
  }
  if (status == SEC_E_OK) {
    if ((attributes & REQUIRED_FLAGS) != REQUIRED_FLAGS) {
      desk_bytes_free(out);
      return fail(err, DESK_FAILED, "the security context offers no mutual authentication or message protection", SEC_E_OK);
    }
    if (ctx->spnego && !negotiated_kerberos(ctx, err)) {
      desk_bytes_free(out);
      return DESK_FAILED;
    }
    ctx->complete = 1;
    *complete = 1;
  }
  return DESK_OK;
}

int desk_gss_complete(const desk_gss *ctx) { return ctx->complete; }

/* cbSecurityTrailer is the whole wrap token that goes before the data (for AES, 60 bytes: the
 * RFC 4121 header and all of the encrypted token but the data, its trailer rotated to the front);
 * cbBlockSize is the most padding EncryptMessage may append (wrap reports what it used). */
int desk_gss_wrap_sizes(desk_gss *ctx, size_t length, size_t *header_length, size_t *padding_length, char *err) {
  if (!ctx->complete) return fail(err, DESK_USAGE, "the Kerberos context is not established", SEC_E_OK);
  if (length > ULONG_MAX) return fail(err, DESK_FAILED, "the message is too long to encrypt", SEC_E_OK);
  if (!ctx->has_sizes) {
    SECURITY_STATUS status = QueryContextAttributesW(&ctx->context, SECPKG_ATTR_SIZES, &ctx->sizes);
    if (status != SEC_E_OK) return fail(err, DESK_FAILED, "the wrap size could not be computed", status);
    ctx->has_sizes = 1;
  }
  *header_length = ctx->sizes.cbSecurityTrailer;
  *padding_length = ctx->sizes.cbBlockSize;
  return DESK_OK;
}

int desk_gss_wrap(desk_gss *ctx, uint8_t *data, size_t length, uint8_t *header, size_t header_length, uint8_t *padding,
                  size_t *padding_length, char *err) {
  if (!ctx->complete) return fail(err, DESK_USAGE, "the Kerberos context is not established", SEC_E_OK);
  if (length > ULONG_MAX || header_length > ULONG_MAX || *padding_length > ULONG_MAX) {
    return fail(err, DESK_FAILED, "the message is too long to encrypt", SEC_E_OK);
  }
  SecBuffer buffers[3] = {
      {(ULONG)header_length, SECBUFFER_TOKEN, header},
      {(ULONG)length, SECBUFFER_DATA, data},
      {(ULONG)*padding_length, SECBUFFER_PADDING, padding},
  };
  SecBufferDesc message = {SECBUFFER_VERSION, 3, buffers};
  /* QOP 0 asks for sealing; SECQOP_WRAP_NO_ENCRYPT would only sign. */
  SECURITY_STATUS status = EncryptMessage(&ctx->context, 0, &message, 0);
  if (status != SEC_E_OK) return fail(err, DESK_FAILED, "the message could not be encrypted", status);
  /* The header's size was fixed by wrap_sizes and cannot be reported back through this interface.
   * Kerberos writes a fixed-size token for a given enctype (60 bytes for AES), so a shorter one
   * means a package this code does not know; refused rather than sending a header with a tail of
   * zeros. The data is encrypted in place and keeps its length. */
  if (buffers[0].cbBuffer != header_length || buffers[1].cbBuffer != length || buffers[2].cbBuffer > *padding_length) {
    return fail(err, DESK_FAILED, "the security package wrote a wrap token of an unexpected size", SEC_E_OK);
  }
  *padding_length = buffers[2].cbBuffer;
  return DESK_OK;
}

int desk_gss_unwrap(desk_gss *ctx, const uint8_t *token, size_t length, size_t header_length, desk_bytes *out, char *err) {
  out->data = NULL;
  out->length = 0;
  if (!ctx->complete) return fail(err, DESK_USAGE, "the Kerberos context is not established", SEC_E_OK);
  if (header_length > length) return fail(err, DESK_INTEGRITY, "the message is shorter than its header", SEC_E_OK);
  if (length > ULONG_MAX) return fail(err, DESK_FAILED, "the message is too long to decrypt", SEC_E_OK);
  /* DecryptMessage works in place and the input is the caller's; the copy becomes the result. */
  uint8_t *copy = malloc(length ? length : 1);
  if (!copy) return fail(err, DESK_FAILED, "out of memory", SEC_E_OK);
  memcpy(copy, token, length);
  /* WinRM's layout, as a Windows client sends it: the wrap token (header and rotated trailer) and
   * the ciphertext as separate buffers, so the package need not find the split itself. */
  SecBuffer buffers[2] = {
      {(ULONG)header_length, SECBUFFER_TOKEN, copy},
      {(ULONG)(length - header_length), SECBUFFER_DATA, copy + header_length},
  };
  SecBufferDesc message = {SECBUFFER_VERSION, 2, buffers};
  ULONG qop = 0;
  SECURITY_STATUS status = DecryptMessage(&ctx->context, &message, 0, &qop);
  /* Every refusal is the peer's message failing, as on MIT: altered, replayed, reordered or malformed. */
  if (status != SEC_E_OK) {
    free(copy);
    return fail(err, DESK_INTEGRITY, status == SEC_E_OUT_OF_SEQUENCE ? "the message was a replay or arrived out of sequence"
                                                                     : "the message failed its integrity check", status);
  }
  if (qop & SECQOP_WRAP_NO_ENCRYPT) {
    free(copy);
    return fail(err, DESK_INTEGRITY, "the message was signed but not encrypted", SEC_E_OK);
  }
  /* The plaintext should be where the ciphertext was; checked, since it is copied from there. */
  uint8_t *plain = buffers[1].pvBuffer;
  size_t plain_length = buffers[1].cbBuffer;
  if (plain < copy || plain > copy + length || plain_length > (size_t)(copy + length - plain)) {
    free(copy);
    return fail(err, DESK_FAILED, "the security package returned the plaintext outside the message", SEC_E_OK);
  }
  memmove(copy, plain, plain_length);
  out->data = copy;
  out->length = plain_length;
  return DESK_OK;
}

void desk_gss_free(desk_gss *ctx) {
  if (!ctx) return;
  if (ctx->has_context) DeleteSecurityContext(&ctx->context);
  if (ctx->has_cred) FreeCredentialsHandle(&ctx->cred);
  free(ctx->target);
  free(ctx->bindings);
  free(ctx);
}
