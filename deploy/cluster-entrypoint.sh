#!/bin/sh
# Entry point of a proxy node in docker-compose.yml. Writes the node's HOCON and starts the proxy with it:
#   /etc/actormailproxy/cluster-node.conf    the cluster settings (hocon/, copied into the image)
#   /etc/actormailproxy/cluster-docker.conf  bind the cluster endpoint to 0.0.0.0 (deploy/, mounted)
#   public-hostname = $MAILPROXY_PUBLIC_HOSTNAME, the service name the other nodes reach this one by
# Every argument goes on to the proxy after --config.
set -eu

conf_dir=/etc/actormailproxy
node_conf=/tmp/actormailproxy-node.conf

name=${MAILPROXY_PUBLIC_HOSTNAME:-}
case "$name" in
  "" | *[!A-Za-z0-9.-]*)
    echo "cluster-entrypoint: MAILPROXY_PUBLIC_HOSTNAME must be this node's host name (its compose service), not \"$name\"" >&2
    exit 2
    ;;
esac
if [ -n "${MAILPROXY_CLUSTER_HOST:-}" ]; then
  echo "cluster-entrypoint: MAILPROXY_CLUSTER_HOST would bind the node to \"$MAILPROXY_CLUSTER_HOST\" instead of 0.0.0.0; set MAILPROXY_PUBLIC_HOSTNAME only" >&2
  exit 2
fi

{
  cat "$conf_dir/cluster-node.conf" "$conf_dir/cluster-docker.conf"
  printf '\n# Written by cluster-entrypoint.sh\nakka.remote.dot-netty.tcp.public-hostname = "%s"\n' "$name"
} > "$node_conf"

exec dotnet /app/actormailproxy.dll --config "$node_conf" "$@"
