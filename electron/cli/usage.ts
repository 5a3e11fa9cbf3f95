export const USAGE = `Usage: winrm-desk <command> [options]

Commands:
  exec [options] -- COMMAND [ARGS...]   run one command; its output streams to ours; exits with its exit code
  batch [options]                       run each line of stdin as a command in one shell; exits with the last non-zero code
  shell [options]                       interactive remote cmd shell on our stdin/stdout (Ctrl-C is sent to the remote command)
  plan [options]                        print the connection plan or the refusal (exit 0 / 1), sending nothing

Options:
  --url URL                   http(s)://host[:port]/wsman (default ports 5985/5986)
  --auth SCHEME               basic|ntlm|negotiate|kerberos
  --user NAME                 user name (DOMAIN\\user or user@domain for domain accounts)
  --password-env VAR          read the password from environment variable VAR (never from the command line)
  --spn-host NAME             Kerberos service host when it differs from the URL host
  --ntlm-fallback             let Negotiate use NTLM when no Kerberos ticket can be had
  --ca FILE                   trust this PEM CA bundle for the server certificate
  --cert-thumbprint HEX       accept only the server certificate with this SHA-256 thumbprint
  --insecure-skip-verify      do not verify the server certificate (says so on stderr)
  --encryption MODE           auto|always|never (auto: message encryption on HTTP, TLS on HTTPS)
  --operation-timeout SECONDS WS-Management OperationTimeout (default 20)
  --codepage N                shell codepage (default 65001, UTF-8)
  --cwd DIR                   remote working directory
  --env NAME=VALUE            remote environment variable (repeatable)
  --json                      print a JSON result on stdout; remote output then goes to stderr
  --proxy URL                 HTTP proxy (host:port); without it the connection is direct, whatever the environment says
  --proxy-auth SCHEME         none|basic|digest|negotiate|ntlm (proxy authentication, separate from the host's)
  --proxy-user NAME           proxy user (basic, digest, ntlm)
  --proxy-password-env VAR    read the proxy password from environment variable VAR
  --proxy-tunnel              use a CONNECT tunnel for an http:// target too (guarantees connection affinity)
  --proxy-spn-host NAME       Kerberos service host of the proxy (default: the proxy host)
  --no-proxy                  connect directly
  --bypass LIST               hosts reached directly (host, *.suffix, <local>, CIDR; separated by ; or ,)
  --proxy-pac ANSWER          PAC-style list ("PROXY a:8080; PROXY b:8080; DIRECT") tried in order
  --profile NAME              take the connection from a saved host (with --store DIR, --master-password-env VAR)

Profiles and credentials:
  profiles list|show|add|remove|add-proxy|remove-proxy|import|export [--store DIR]
  vault init|unlock-check|add|list|remove|change-password [--store DIR]

Exit status:
  0 / 1-253                   the remote command's exit code
  254                         a remote code outside 0-253 (255, 256+, negative, 0xC000013A...); the real code
                              is printed on stderr ("winrm-desk: note: ...") and is exitCode in --json
  130 / 143                   interrupted by Ctrl-C (an ignored terminate included) / SIGTERM
  255                         a local failure: "winrm-desk: error CODE: message" on stderr

Ctrl-C sends ctrl_c; a second within a second sends terminate, and 2 s later we stop waiting anyway.
`;
