#!/usr/bin/env bash
# One-time set-up of a machine for running and testing WinRM Desk: the system packages the build and
# the test rig need (Debian/Ubuntu, installed when missing and we are root), then `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."

# kerberos (native addon) builds against libkrb5-dev; Chromium runs the renderer e2e tests; the rest is
# the test rig: MIT KDC, gss-ntlmssp and python3-gssapi for the independent server-side acceptors,
# Squid and tinyproxy as real proxies, pywinrm as a second, independent WinRM client.
BUILD_PACKAGES=(build-essential python3 libkrb5-dev)
TEST_PACKAGES=(chromium krb5-kdc krb5-admin-server krb5-user gss-ntlmssp python3-gssapi squid tinyproxy openssl
  python3-winrm python3-requests-ntlm python3-requests-kerberos curl)

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      echo "setup: installing ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "setup: missing system packages; run as root: apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
else
  echo "setup: not a Debian-family system; install a C++ toolchain and Kerberos headers (e.g. krb5 dev package) yourself" >&2
fi

npm ci --no-audit --no-fund
