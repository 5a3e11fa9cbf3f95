/*
 * Node-API surface of the initiator (see index.d.ts for the JavaScript shape). Handshake legs run
 * on the thread pool, since the library may ask the KDC for a service ticket; wrap and unwrap are
 * CPU-only and run on the caller's thread. A context is used by one caller at a time: a second
 * call while a leg is in flight is refused rather than racing the library.
 */
#include <node_api.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"

typedef struct {
  desk_gss *gss;
  int busy;
} handle;

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref handle_ref;
  handle *h;
  uint8_t *input;
  size_t input_length;
  desk_bytes output;
  int complete;
  int status;
  char err[DESK_ERR_SIZE];
} step_job;

/* Both backends hand out malloc'd bytes, freed the same way. */
void desk_bytes_free(desk_bytes *bytes) {
  free(bytes->data);
  bytes->data = NULL;
  bytes->length = 0;
}

static const char *const KIND_CODES[] = {"", "GSS_FAILED", "GSS_INTEGRITY", "GSS_USAGE"};

static napi_value make_error(napi_env env, int kind, const char *message) {
  napi_value msg, code, error;
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg);
  napi_create_string_utf8(env, KIND_CODES[kind >= 1 && kind <= 3 ? kind : 1], NAPI_AUTO_LENGTH, &code);
  napi_create_error(env, code, msg, &error);
  return error;
}

static napi_value throw_kind(napi_env env, int kind, const char *message) {
  napi_throw(env, make_error(env, kind, message));
  return NULL;
}

static void finalize_handle(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  handle *h = data;
  desk_gss_free(h->gss);
  free(h);
}

/* The handle behind a context object, or NULL (with a TypeError thrown) for anything else. */
static handle *unwrap_handle(napi_env env, napi_value value) {
  handle *h = NULL;
  if (napi_unwrap(env, value, (void **)&h) != napi_ok || !h) {
    napi_throw_type_error(env, NULL, "not a security context");
    return NULL;
  }
  if (!h->gss) {
    throw_kind(env, DESK_USAGE, "the security context was released");
    return NULL;
  }
  return h;
}

/* A property as a newly allocated UTF-8 string; NULL when absent or undefined. */
static int string_property(napi_env env, napi_value object, const char *name, char **out) {
  napi_value value;
  napi_valuetype type;
  *out = NULL;
  if (napi_get_named_property(env, object, name, &value) != napi_ok) return 0;
  napi_typeof(env, value, &type);
  if (type == napi_undefined || type == napi_null) return 1;
  if (type != napi_string) return 0;
  size_t length;
  napi_get_value_string_utf8(env, value, NULL, 0, &length);
  *out = malloc(length + 1);
  if (!*out) return 0;
  napi_get_value_string_utf8(env, value, *out, length + 1, &length);
  if (strlen(*out) != length) { /* an embedded NUL would silently shorten a name */
    free(*out);
    *out = NULL;
    return 0;
  }
  return 1;
}

static int bytes_argument(napi_env env, napi_value value, uint8_t **data, size_t *length) {
  bool is_buffer = false;
  napi_is_buffer(env, value, &is_buffer);
  if (!is_buffer) return 0;
  return napi_get_buffer_info(env, value, (void **)data, length) == napi_ok;
}

/* createContext({ serviceHost, spnego, principal?, ccache?, channelBindings? }) */
static napi_value create_context(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], this_object;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_valuetype type = napi_undefined;
  if (argc >= 1) napi_typeof(env, argv[0], &type);
  if (type != napi_object) {
    napi_throw_type_error(env, NULL, "options must be an object");
    return NULL;
  }
  desk_gss_options options = {0};
  char *service_host = NULL, *principal = NULL, *ccache = NULL;
  napi_value spnego_value, bindings_value;
  bool spnego = false, has_bindings = false;
  int ok = string_property(env, argv[0], "serviceHost", &service_host) && service_host && service_host[0] &&
           string_property(env, argv[0], "principal", &principal) && string_property(env, argv[0], "ccache", &ccache);
  if (ok && napi_get_named_property(env, argv[0], "spnego", &spnego_value) == napi_ok) napi_get_value_bool(env, spnego_value, &spnego);
  if (ok) napi_has_named_property(env, argv[0], "channelBindings", &has_bindings);
  if (ok && has_bindings) {
    napi_get_named_property(env, argv[0], "channelBindings", &bindings_value);
    napi_valuetype bindings_type;
    napi_typeof(env, bindings_value, &bindings_type);
    if (bindings_type != napi_undefined) {
      uint8_t *data;
      size_t length;
      ok = bytes_argument(env, bindings_value, &data, &length);
      options.bindings = data;
      options.bindings_length = length;
    }
  }
  if (!ok) {
    free(service_host);
    free(principal);
    free(ccache);
    napi_throw_type_error(env, NULL, "invalid security context options");
    return NULL;
  }
  options.service_host = service_host;
  options.spnego = spnego;
  options.principal = principal;
  options.ccache = ccache;
  char err[DESK_ERR_SIZE] = "";
  desk_gss *gss = NULL;
  int status = desk_gss_new(&options, &gss, err);
  free(service_host);
  free(principal);
  free(ccache);
  if (status != DESK_OK) return throw_kind(env, status, err);
  handle *h = calloc(1, sizeof *h);
  if (!h) {
    desk_gss_free(gss);
    return throw_kind(env, DESK_FAILED, "out of memory");
  }
  h->gss = gss;
  napi_create_object(env, &this_object);
  if (napi_wrap(env, this_object, h, finalize_handle, NULL, NULL) != napi_ok) {
    finalize_handle(env, h, NULL);
    return throw_kind(env, DESK_FAILED, "the security context could not be created");
  }
  return this_object;
}

static void step_execute(napi_env env, void *data) {
  (void)env;
  step_job *job = data;
  job->status = desk_gss_step(job->h->gss, job->input, job->input_length, &job->output, &job->complete, job->err);
}

static void step_complete(napi_env env, napi_status status, void *data) {
  step_job *job = data;
  job->h->busy = 0;
  if (status != napi_ok) {
    job->status = DESK_FAILED;
    strcpy(job->err, "the handshake step was cancelled");
  }
  if (job->status == DESK_OK) {
    napi_value result, token, complete;
    napi_create_object(env, &result);
    if (job->output.length > 0) {
      napi_create_buffer_copy(env, job->output.length, job->output.data, NULL, &token);
    } else {
      napi_get_null(env, &token);
    }
    napi_get_boolean(env, job->complete, &complete);
    napi_set_named_property(env, result, "token", token);
    napi_set_named_property(env, result, "complete", complete);
    napi_resolve_deferred(env, job->deferred, result);
  } else {
    napi_reject_deferred(env, job->deferred, make_error(env, job->status, job->err));
  }
  desk_bytes_free(&job->output);
  napi_delete_reference(env, job->handle_ref);
  napi_delete_async_work(env, job->work);
  free(job->input);
  free(job);
}

/* step(context, peerToken: Buffer | null) → Promise<{ token: Buffer | null, complete: boolean }> */
static napi_value step(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2) {
    napi_throw_type_error(env, NULL, "step(context, token)");
    return NULL;
  }
  handle *h = unwrap_handle(env, argv[0]);
  if (!h) return NULL;
  if (h->busy) return throw_kind(env, DESK_USAGE, "a handshake step is already in progress on this context");
  napi_valuetype type;
  napi_typeof(env, argv[1], &type);
  uint8_t *data = NULL;
  size_t length = 0;
  if (type != napi_null && type != napi_undefined && !bytes_argument(env, argv[1], &data, &length)) {
    napi_throw_type_error(env, NULL, "the peer token must be a Buffer or null");
    return NULL;
  }
  step_job *job = calloc(1, sizeof *job);
  if (!job) return throw_kind(env, DESK_FAILED, "out of memory");
  job->h = h;
  if (length > 0) {
    job->input = malloc(length);
    if (!job->input) {
      free(job);
      return throw_kind(env, DESK_FAILED, "out of memory");
    }
    memcpy(job->input, data, length);
    job->input_length = length;
  }
  napi_value promise, name;
  napi_create_promise(env, &job->deferred, &promise);
  napi_create_reference(env, argv[0], 1, &job->handle_ref);
  napi_create_string_utf8(env, "winrm-desk:gss-step", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, step_execute, step_complete, job, &job->work);
  h->busy = 1;
  napi_queue_async_work(env, job->work);
  return promise;
}

/* wrap(context, plaintext: Buffer) → { header: Buffer, data: Buffer } (data includes any padding) */
static napi_value wrap(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  handle *h = argc >= 2 ? unwrap_handle(env, argv[0]) : NULL;
  if (!h) return NULL;
  if (h->busy) return throw_kind(env, DESK_USAGE, "a handshake step is in progress on this context");
  uint8_t *plaintext;
  size_t length;
  if (!bytes_argument(env, argv[1], &plaintext, &length)) {
    napi_throw_type_error(env, NULL, "the message must be a Buffer");
    return NULL;
  }
  char err[DESK_ERR_SIZE] = "";
  size_t header_length = 0, padding_length = 0;
  int status = desk_gss_wrap_sizes(h->gss, length, &header_length, &padding_length, err);
  if (status != DESK_OK) return throw_kind(env, status, err);
  napi_value header, data, result;
  uint8_t *header_bytes, *data_bytes;
  /* The data buffer holds the padding after the message, so one buffer goes on the wire as it is. */
  if (napi_create_buffer(env, header_length, (void **)&header_bytes, &header) != napi_ok ||
      napi_create_buffer(env, length + padding_length, (void **)&data_bytes, &data) != napi_ok) {
    return throw_kind(env, DESK_FAILED, "out of memory");
  }
  memcpy(data_bytes, plaintext, length);
  size_t requested_padding = padding_length;
  status = desk_gss_wrap(h->gss, data_bytes, length, header_bytes, header_length, data_bytes + length, &padding_length, err);
  if (status != DESK_OK) return throw_kind(env, status, err);
  if (padding_length < requested_padding) {
    /* The library used less padding than it asked for: hand back only what it wrote. */
    napi_value sliced;
    napi_create_buffer_copy(env, length + padding_length, data_bytes, NULL, &sliced);
    data = sliced;
  }
  napi_create_object(env, &result);
  napi_set_named_property(env, result, "header", header);
  napi_set_named_property(env, result, "data", data);
  return result;
}

/* unwrap(context, token: Buffer (header||data), headerLength: number) → Buffer */
static napi_value unwrap(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  handle *h = argc >= 3 ? unwrap_handle(env, argv[0]) : NULL;
  if (!h) return NULL;
  if (h->busy) return throw_kind(env, DESK_USAGE, "a handshake step is in progress on this context");
  uint8_t *token;
  size_t length;
  int64_t header_length = -1;
  if (!bytes_argument(env, argv[1], &token, &length) || napi_get_value_int64(env, argv[2], &header_length) != napi_ok ||
      header_length < 0 || (size_t)header_length > length) {
    napi_throw_type_error(env, NULL, "unwrap(context, token, headerLength)");
    return NULL;
  }
  char err[DESK_ERR_SIZE] = "";
  desk_bytes out = {0};
  int status = desk_gss_unwrap(h->gss, token, length, (size_t)header_length, &out, err);
  if (status != DESK_OK) return throw_kind(env, status, err);
  napi_value result;
  napi_status created = napi_create_buffer_copy(env, out.length, out.data, NULL, &result);
  desk_bytes_free(&out);
  if (created != napi_ok) return throw_kind(env, DESK_FAILED, "out of memory");
  return result;
}

/* release(context): frees the library's context now rather than at garbage collection. */
static napi_value release(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  handle *h = NULL;
  if (argc < 1 || napi_unwrap(env, argv[0], (void **)&h) != napi_ok || !h) return NULL;
  if (h->busy || !h->gss) return NULL; /* a leg in flight still uses it; the finalizer frees it */
  desk_gss_free(h->gss);
  h->gss = NULL;
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value backend;
  napi_create_string_utf8(env, DESK_GSS_BACKEND, NAPI_AUTO_LENGTH, &backend);
  napi_property_descriptor properties[] = {
      {"createContext", NULL, create_context, NULL, NULL, NULL, napi_default, NULL},
      {"step", NULL, step, NULL, NULL, NULL, napi_default, NULL},
      {"wrap", NULL, wrap, NULL, NULL, NULL, napi_default, NULL},
      {"unwrap", NULL, unwrap, NULL, NULL, NULL, napi_default, NULL},
      {"release", NULL, release, NULL, NULL, NULL, napi_default, NULL},
      {"backend", NULL, NULL, NULL, NULL, backend, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
