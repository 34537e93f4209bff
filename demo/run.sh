#!/usr/bin/env bash
# The demo: two real Dovecot backends on 127.0.0.2 and 127.0.0.3 (users split between them by a perdition
# popmap.re), and ActorMailProxy in front of them on 127.0.0.1 with its embedded defaults: one process,
# POP3 on 1110, IMAP4 on 1143, ManageSieve on 4190. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
demo=${DEMO_DIR:-/tmp/actormailproxy-demo}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/sbin/dovecot ] || [ ! -d /usr/lib/dovecot/modules ] || ! ls /usr/lib/dovecot/managesieve >/dev/null 2>&1; then
  echo "Installing Dovecot (dovecot-imapd dovecot-pop3d dovecot-managesieved)..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd dovecot-pop3d dovecot-managesieved >/dev/null \
    || { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd dovecot-pop3d dovecot-managesieved >/dev/null; }
fi

as_root rm -rf "$demo"
as_root mkdir -p "$demo"

# One backend: its own config, run dir and maildirs; mail belongs to nobody (Dovecot refuses root for mail).
start_backend() {
  local name=$1 address=$2; shift 2
  local dir="$demo/$name"
  as_root mkdir -p "$dir/run" "$dir/state" "$dir/home"
  : > /tmp/amp-demo-passwd.$$
  for user in "$@"; do echo "$user:{PLAIN}demo" >> /tmp/amp-demo-passwd.$$; done
  as_root cp /tmp/amp-demo-passwd.$$ "$dir/passwd"; rm -f /tmp/amp-demo-passwd.$$
  as_root tee "$dir/dovecot.conf" >/dev/null <<CONF
instance_name = amp-demo-$name
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
listen = $address
protocols = imap pop3 sieve
login_greeting = Dovecot $name ready.
default_internal_user = dovecot
default_login_user = dovenull
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = $dir/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$dir/home/%u
}
mail_location = maildir:~/Maildir
plugin {
  sieve = file:~/sieve;active=~/.dovecot.sieve
}
service imap-login {
  inet_listener imap {
    port = 10143
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 10110
  }
  inet_listener pop3s {
    port = 0
  }
}
service managesieve-login {
  inet_listener sieve {
    port = 14190
  }
}
CONF
  for user in "$@"; do
    local maildir="$dir/home/$user/Maildir"
    as_root mkdir -p "$maildir/new" "$maildir/cur" "$maildir/tmp"
    printf 'From: demo@example.org\r\nTo: %s@example.org\r\nSubject: Hello %s, you live on %s\r\n\r\nThis message is on backend %s (%s).\r\n' \
      "$user" "$user" "$name" "$name" "$address" | as_root tee "$maildir/new/1.demo.$name" >/dev/null
  done
  as_root chown -R nobody:nogroup "$dir/home"
  as_root /usr/sbin/dovecot -c "$dir/dovecot.conf"
  echo "Backend $name: Dovecot on $address (POP3 10110, IMAP 10143, ManageSieve 14190), users: $*"
}

stop_backends() {
  for name in one two; do
    [ -f "$demo/$name/dovecot.conf" ] && as_root /usr/sbin/doveadm -c "$demo/$name/dovecot.conf" stop 2>/dev/null || true
  done
}
trap stop_backends EXIT

start_backend one 127.0.0.2 alice bob
start_backend two 127.0.0.3 nina oscar

# TLS listeners need a certificate: the demo makes a self-signed one (a real deployment names its own).
command -v openssl >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null
cert_dir=$(mktemp -d /tmp/actormailproxy-demo-cert.XXXXXX)
openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$cert_dir/demo.key.pem" -out "$cert_dir/demo.crt.pem" 2>/dev/null

cat <<INFO

ActorMailProxy listens on 127.0.0.1: POP3 1110, IMAP4 1143, ManageSieve 4190 (each offering STARTTLS/STLS), and
POP3S 1995, IMAPS 1993, with a self-signed certificate. Password of every user: demo.
demo/popmap.re sends a-m to 127.0.0.2 and n-z to 127.0.0.3. Try, in another terminal:
  curl -s pop3://127.0.0.1:1110/1 -u alice:demo                      # alice's message, from backend one
  curl -s 'imap://127.0.0.1:1143/INBOX;UID=1' -u nina:demo           # nina's message, from backend two
  curl -sk 'imaps://127.0.0.1:1993/INBOX;UID=1' -u bob:demo          # the same over IMAPS (-k: self-signed)
  exec 3<>/dev/tcp/127.0.0.1/1143; printf 'a LOGIN oscar demo\r\nb SELECT INBOX\r\nc LOGOUT\r\n' >&3; cat <&3
  mutt -f imap://bob@127.0.0.1:1143/INBOX                            # or Thunderbird: server 127.0.0.1, port 1143, no TLS
The proxy logs perdition's Connect/Auth/Close lines below. Ctrl+C stops the proxy and both backends.

INFO

dotnet run --project "$root/src/Gateway" -- --config "$root/demo/demo.conf" -b 127.0.0.1 -M posix_regex -m "$root/demo/popmap.re" \
  --ssl_mode tls_listen --ssl_cert_file "$cert_dir/demo.crt.pem" --ssl_key_file "$cert_dir/demo.key.pem" -F - "$@"
