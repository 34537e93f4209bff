using System.Text;
using ActorMailProxy.Integration.Fixtures.Tls;

namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>
/// Writes a complete, standalone dovecot.conf: nothing is read from /etc/dovecot, and every path and port is the instance's own.
/// Each concern is one section; TLS is one more section plus the implicit-TLS listeners.
/// </summary>
internal static class DovecotConfig
{
    // Sized for 1,000+ concurrent sessions of one user from 127.0.0.1 (a proxy under load) without queueing.
    private const int UserIpConnections = 10_000;
    private const int LoginClientsPerProcess = 1_000;
    private const int LoginProcesses = 4;
    private const int MailClientsPerProcess = 50;
    private const int MailProcesses = 100;

    public static string Render(string instanceName, DovecotLayout layout, DovecotPorts ports, string greeting, MailOwner owner, DovecotOptions options)
    {
        var conf = new StringBuilder();
        conf.AppendLine("# Written by ActorMailProxy.Integration for one test instance; see tests/Integration/Fixtures/README.md.");
        Core(conf, instanceName, layout, greeting);
        Tls(conf, options.Tls);
        Authentication(conf, layout, owner);
        Mail(conf);
        Listeners(conf, ports);
        Limits(conf);
        foreach (var line in options.ExtraSettings)
            conf.AppendLine(line);
        return conf.ToString();
    }

    private static void Core(StringBuilder conf, string instanceName, DovecotLayout layout, string greeting) => conf.Append($"""
        instance_name = {Quote(instanceName)}
        base_dir = {Quote(layout.BaseDir)}
        state_dir = {Quote(layout.StateDir)}
        log_path = {Quote(layout.LogPath)}
        listen = 127.0.0.1
        protocols = imap pop3 sieve
        login_greeting = {Quote(greeting)}
        verbose_proctitle = yes
        default_internal_user = dovecot
        default_login_user = dovenull

        """);

    // Dovecot reads the files as root at startup (the '<' form), so the key may stay 0600 and owned by root.
    private static void Tls(StringBuilder conf, TestCertificate? certificate) => conf.Append(certificate is null
        ? """
          # No TLS unless DovecotOptions carries a certificate; the proxy relays plaintext logins over loopback.
          ssl = no

          """
        : $"""
          # Plaintext logins stay allowed (disable_plaintext_auth = no below): tests compare both paths on one instance.
          ssl = yes
          # The leaf alone, so a client's trust must come from the test CA it was given, never from what the server sends.
          ssl_cert = <{certificate.CertPemPath}
          ssl_key = <{certificate.KeyPemPath}

          """);

    private static void Authentication(StringBuilder conf, DovecotLayout layout, MailOwner owner) => conf.Append($$"""
        disable_plaintext_auth = no
        auth_mechanisms = plain login
        auth_verbose = yes
        # Wrong-password tests are many: answer them on Dovecot's next 0.5 s flush, not after its 2 s anti-guessing delay.
        auth_failure_delay = 0
        passdb {
          driver = passwd-file
          args = {{Quote(layout.PasswdPath)}}
        }
        userdb {
          driver = static
          args = {{Quote($"uid={owner.UserName} gid={owner.GroupName} home={layout.HomesDir}/%u")}}
        }

        """);

    private static void Mail(StringBuilder conf) => conf.Append($$"""
        mail_location = maildir:~/Maildir
        plugin {
          sieve = file:~/sieve;active=~/.dovecot.sieve
        }
        protocol imap {
          mail_max_userip_connections = {{UserIpConnections}}
        }
        protocol pop3 {
          mail_max_userip_connections = {{UserIpConnections}}
        }
        protocol sieve {
          mail_max_userip_connections = {{UserIpConnections}}
        }

        """);

    // The built-in imaps/pop3s listeners would bind 993/995: their port is 0 (off) unless the instance has TLS.
    // ManageSieve has no implicit-TLS port (RFC 5804 knows only STARTTLS).
    private static void Listeners(StringBuilder conf, DovecotPorts ports)
    {
        LoginService(conf, "imap-login", ("imap", ports.Imap, false), ("imaps", ports.Imaps, true));
        LoginService(conf, "pop3-login", ("pop3", ports.Pop3, false), ("pop3s", ports.Pop3s, true));
        LoginService(conf, "managesieve-login", ("sieve", ports.Sieve, false));
    }

    // service_count = 0 is Dovecot's high-performance login mode: a few long-lived processes, each serving many clients.
    private static void LoginService(StringBuilder conf, string service, params (string Name, int Port, bool ImplicitTls)[] listeners)
    {
        conf.AppendLine($$"""
            service {{service}} {
              service_count = 0
              process_min_avail = 1
              client_limit = {{LoginClientsPerProcess}}
              process_limit = {{LoginProcesses}}
            """);
        foreach (var (name, port, implicitTls) in listeners)
            conf.AppendLine($$"""
                  inet_listener {{name}} {
                    port = {{port}}
                    ssl = {{(implicitTls ? "yes" : "no")}}
                  }
                """);
        conf.AppendLine("}");
    }

    private static void Limits(StringBuilder conf)
    {
        // All users share one uid, so one mail process may serve many sessions; that keeps 1,000 sessions to a few dozen processes.
        foreach (var service in new[] { "imap", "pop3", "managesieve" })
            conf.AppendLine($$"""
                service {{service}} {
                  service_count = 0
                  client_limit = {{MailClientsPerProcess}}
                  process_limit = {{MailProcesses}}
                }
                """);
        conf.AppendLine($$"""
            default_client_limit = {{UserIpConnections}}
            service anvil {
              # Without this socket, auth runs without per-IP penalties: every test client is 127.0.0.1,
              # so one wrong-password test would otherwise slow the logins of all the others for up to 15 s.
              unix_listener anvil-auth-penalty {
                mode = 0
              }
            }
            """);
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
