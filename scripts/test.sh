#!/usr/bin/env bash
# The whole test suite: installs what the tests need when it is missing, then runs every test project.
# The integration tests start real Dovecot instances on 127.0.0.1, and the routing tests a private PostgreSQL server,
# so they run as root (or through sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(dovecot-imapd dovecot-pop3d dovecot-managesieved postgresql)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" \
    || { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; }
fi

if [ "$(id -u)" = 0 ]; then
  dotnet test ActorMailProxy.sln "$@"
else
  sudo --preserve-env=PATH,HOME,DOTNET_ROOT dotnet test ActorMailProxy.sln "$@"
fi
