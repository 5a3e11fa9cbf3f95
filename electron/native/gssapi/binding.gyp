{
  "targets": [
    {
      "target_name": "winrm_desk_gssapi",
      "sources": ["src/addon.c"],
      "defines": ["NAPI_VERSION=8"],
      "conditions": [
        ["OS=='win'", {
          "sources": ["src/backend_sspi.c"],
          "libraries": ["secur32.lib"]
        }],
        ["OS=='mac'", {
          "sources": ["src/backend_gssapi.c"],
          "defines": ["DESK_GSS_FRAMEWORK"],
          "libraries": ["-framework GSS"]
        }],
        ["OS!='win' and OS!='mac'", {
          "sources": ["src/backend_gssapi.c"],
          "cflags": ["<!@(krb5-config --cflags gssapi)"],
          "libraries": ["<!@(krb5-config --libs gssapi)"]
        }]
      ]
    }
  ]
}
