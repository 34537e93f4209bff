#!/usr/bin/env bash
# Runs the whole benchmark once: builds Release, makes sure the comparison proxies are installed, measures every
# target, and writes bench/results/latest.md plus the results section of bench/README.md. Needs root (Dovecot,
# apt-get, perdition and nginx run as root). Extra arguments go to the bench, e.g. --quick or --targets direct,nginx.
# --only memory (or logins, download, noop, comma-separated) runs just those measurements, after the usual warm-up
# unless --no-warm-up; such a partial run writes bench/results/partial.md only.
#
# With --cluster it runs the cluster measurement instead (login latency through a three-node cluster, failover after
# kill -9 of a node) and writes bench/results/cluster-latest.md and the cluster section of bench/README.md; it needs
# neither perdition nor nginx. --cluster --quick is its smoke run.
#
# With --audit-storm [--storm-minutes M] it runs the audit storm instead (a login storm of M minutes, default 10, through
# one node on SQLite and three on PostgreSQL; then the trail on vs off), writing bench/results/audit-storm-latest.md and
# its README section; --audit-storm --trail-only runs only the on/off comparison, into results/partial.md.
# With --audit-scale [--events N] [--days D] [--journal sqlite|postgres|both] it builds a journal of N
# events (default 10,000,000 over 60 days) and restarts a node on it, writing bench/results/audit-scale-latest.md and its
# README section. Neither needs perdition nor nginx; PostgreSQL is installed and started as the integration tests do.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench_dir")"

cluster=false
audit=""
partial=false
for arg in "$@"; do
  [[ $arg == --cluster ]] && cluster=true
  [[ $arg == --audit-storm ]] && audit=audit-storm
  [[ $arg == --audit-scale ]] && audit=audit-scale
  [[ $arg == --only || $arg == --no-warm-up || $arg == --proxy-config || $arg == --gcdump || $arg == --no-backlog-wait || $arg == --trail-only ]] && partial=true
done

# perdition and nginx's mail module are what we compare against; the bench skips a target that is missing,
# so an install failure is reported in the results rather than stopping the run.
packages=(perdition nginx libnginx-mod-mail)
missing=()
if ! $cluster && [[ -z $audit ]]; then
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if ((${#missing[@]})); then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may be stale or absent on a fresh machine: update once, only if the first try fails.
  apt-get install -y --no-install-recommends "${missing[@]}" || { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; } \
    || echo "warning: could not install ${missing[*]}; those targets will be skipped"
fi

dotnet build -c Release "$bench_dir/ActorMailProxy.Bench" -nologo -v quiet
# The build's compiler and MSBuild servers would otherwise idle on, then exit mid-run: they share the runtime's pages with
# the proxy, so their exit moves its PSS, and they take memory and CPU from the targets meanwhile.
dotnet build-server shutdown >/dev/null

# A partial or diagnostic run (--only, --no-warm-up, --proxy-config, --gcdump, --no-backlog-wait) is not the whole report: it goes to results/partial.md (not kept in git), and
# neither latest.md nor the README's results change.
if [[ -n $audit ]] && ! $partial; then
  report=(--out "$bench_dir/results/$audit-latest.md" --readme "$bench_dir/README.md")
elif $partial && ! $cluster; then
  report=(--out "$bench_dir/results/partial.md")
else
  report=(--out "$bench_dir/results/$($cluster && echo cluster-latest.md || echo latest.md)" --readme "$bench_dir/README.md")
fi

# 1,000 proxied connections need over 2,000 descriptors in one process; the bench raises its soft limit to the hard
# one, and its targets inherit that.
dotnet "$bench_dir/ActorMailProxy.Bench/bin/Release/net10.0/ActorMailProxy.Bench.dll" \
  --proxy-assembly "$root/src/Gateway/bin/Release/net10.0/actormailproxy.dll" \
  "${report[@]}" \
  --command "bench/run.sh${*:+ $*}" \
  "$@"
