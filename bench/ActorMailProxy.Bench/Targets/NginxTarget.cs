using System.Net;
using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Integration.Fixtures.Tls;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Targets;

/// <summary>
/// nginx's mail proxy with its stock settings for plaintext POP3 and IMAP, asking <see cref="NginxAuthServer"/> where
/// each login goes. All its files live under a private prefix; it runs in the foreground so its master is our child.
/// For TLS its listeners take TLS (pop3s, imaps) with a certificate from the bench's CA, and it still reaches Dovecot
/// in plaintext: its mail module cannot do otherwise, so it compares with ActorMailProxy's ssl_listen.
/// </summary>
public sealed class NginxTarget : ITarget
{
    public const string Label = "nginx";
    public const string TlsLabel = "nginx TLS";

    private const string Binary = "/usr/sbin/nginx";
    private const string MailModule = "/usr/lib/nginx/modules/ngx_mail_module.so";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(20);

    private readonly ChildProcess _process;
    private readonly NginxAuthServer _auth;
    private readonly MailEndpoint _pop3;
    private readonly MailEndpoint _imap;

    private NginxTarget(string name, ChildProcess process, NginxAuthServer auth, MailEndpoint pop3, MailEndpoint imap)
    {
        Name = name;
        _process = process;
        _auth = auth;
        _pop3 = pop3;
        _imap = imap;
    }

    public string Name { get; }

    public IReadOnlyList<int> ProcessIds => [_process.Id];

    public bool JitCompiled => false;

    public Task<long?> SettleMemoryAsync() => Task.FromResult<long?>(null);

    public MailEndpoint Endpoint(MailService service) => service == MailService.Pop3 ? _pop3 : _imap;

    public static async Task<ITarget> StartAsync(BenchBackend backend, string workDir, ulong openFiles, Transport transport)
    {
        if (!File.Exists(Binary) || !File.Exists(MailModule))
        {
            throw new TargetUnavailableException($"{Binary} or {MailModule} is not installed (apt-get install nginx libnginx-mod-mail)");
        }
        var tls = transport == Transport.Tls;
        var prefix = Directory.CreateDirectory(Path.Combine(workDir, tls ? "nginx-tls" : "nginx")).FullName;
        var ports = LoopbackPorts.Take(2);
        var auth = NginxAuthServer.Start(backend);
        var config = Path.Combine(prefix, "nginx.conf");
        var certificate = tls ? backend.Pki.IssueServer("nginx", DovecotInstance.LoopbackHost) : null;
        await File.WriteAllTextAsync(config, Config(prefix, auth.Endpoint, ports[0], ports[1], openFiles, certificate));
        // -e: the error log of the time before the config is read, which would otherwise be /var/log/nginx/error.log.
        var process = ChildProcess.Start(Binary, ["-p", prefix, "-c", config, "-e", Path.Combine(prefix, "error.log"), "-g", "daemon off;"]);
        var clientTls = tls ? backend.ClientTls : null;
        var target = new NginxTarget(tls ? TlsLabel : Label, process, auth,
            new MailEndpoint(new IPEndPoint(IPAddress.Loopback, ports[0]), clientTls), new MailEndpoint(new IPEndPoint(IPAddress.Loopback, ports[1]), clientTls));
        try
        {
            await ReadyProbe.WaitAsync([target._pop3, target._imap], [process], StartLimit);
            return target;
        }
        catch (Exception e)
        {
            var log = Path.Combine(prefix, "error.log");
            await target.DisposeAsync();
            throw new TargetUnavailableException($"{e.Message}\n{(File.Exists(log) ? await File.ReadAllTextAsync(log) : "")}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        await _auth.DisposeAsync();
    }

    // Workers as nginx is deployed (one per core); as root so they may use the prefix; enough connections for 1,000 proxied pairs.
    private static string Config(string prefix, IPEndPoint auth, int pop3Port, int imapPort, ulong openFiles, TestCertificate? certificate) => $$"""
        load_module {{MailModule}};
        user root root;
        worker_processes auto;
        worker_rlimit_nofile {{openFiles}};
        pid {{prefix}}/nginx.pid;
        error_log {{prefix}}/error.log error;
        events {
          worker_connections 8192;
        }
        mail {
          auth_http {{auth.Address}}:{{auth.Port}}/auth;
          proxy on;
        {{Tls(certificate)}}
          server {
            listen 127.0.0.1:{{imapPort}}{{(certificate is null ? "" : " ssl")}};
            protocol imap;
            imap_auth plain login;
          }
          server {
            listen 127.0.0.1:{{pop3Port}}{{(certificate is null ? "" : " ssl")}};
            protocol pop3;
            pop3_auth plain;
          }
        }
        """;

    // TLS 1.3 named explicitly: this nginx's default stops at 1.2, while Dovecot and .NET agree on 1.3 with the client.
    private static string Tls(TestCertificate? certificate) => certificate is null ? "" : $"""
          ssl_certificate {certificate.CertPemPath};
          ssl_certificate_key {certificate.KeyPemPath};
          ssl_protocols TLSv1.2 TLSv1.3;
        """;
}
