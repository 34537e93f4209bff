using ActorMailProxy.Gateway.Hosting;
using ActorMailProxy.Gateway.Logging;
using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Gateway.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Integration.Proxy;

/// <summary>
/// One proxy node started in this test process from a command line, as the executable would start it, with its log
/// in a file of its own and perdition's config directory pointed at an empty temp dir (never /etc/perdition).
/// </summary>
public sealed class RunningProxy : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Serilog.Core.Logger _logger;
    private readonly string _dir;

    private RunningProxy(IHost host, Serilog.Core.Logger logger, string dir, ProxyOptions options)
    {
        _host = host;
        _logger = logger;
        _dir = dir;
        Options = options;
    }

    public ProxyOptions Options { get; }

    public string LogPath => Path.Combine(_dir, "proxy.log");

    public string Host => "127.0.0.1";

    public int OpenConnections => _host.Services.GetRequiredService<ProxyService>().OpenConnections;

    /// <summary>The node's actor system (for journal queries).</summary>
    public Akka.Actor.ActorSystem System => _host.Services.GetRequiredService<Akka.Actor.ActorSystem>();

    /// <summary>This node's audit trail: events waiting to be stored, events dropped.</summary>
    public ActorMailProxy.Audit.Delivery.IAuditTrail Audit => _host.Services.GetRequiredService<ProxyService>().Audit;

    /// <summary>The node's projections of the audit log: POP-before-SMTP table, last logins.</summary>
    public ActorMailProxy.Audit.Views.AuditViews Views => _host.Services.GetRequiredService<ProxyService>().Views;

    /// <summary>The proxy's own directory (its log, its HOCON, its SQLite audit journal and spool unless the test chose others).</summary>
    public string Folder => _dir;

    public string JournalPath => Path.Combine(_dir, "audit.db");

    public int Port(ActorMailProxy.Protocols.MailProtocol protocol) => Options.Listeners.First(l => l.Protocol == protocol).Endpoint.Port;

    public int Pop3Port => Port(ActorMailProxy.Protocols.MailProtocol.Pop3);

    public int ImapPort => Port(ActorMailProxy.Protocols.MailProtocol.Imap4);

    public int SievePort => Port(ActorMailProxy.Protocols.MailProtocol.ManageSieve);

    /// <summary>Starts POP3, IMAP4 and ManageSieve listeners on fresh loopback ports, plus <paramref name="args"/>.</summary>
    public static Task<RunningProxy> StartAsync(params string[] args) => With("").StartAsync(args);

    /// <summary>All three protocols in one process, every login to <paramref name="backend"/> (no map), one -p port per protocol.</summary>
    public static Task<RunningProxy> InFrontOfAsync(DovecotInstance backend, params string[] args) => With("").InFrontOfAsync(backend, args);

    /// <summary>Starts with exactly <paramref name="args"/> (plus the test's own log and config directory).</summary>
    public static Task<RunningProxy> StartRawAsync(IReadOnlyList<string> args) => With("").StartRawAsync(args);

    /// <summary>The same starts, with <paramref name="hocon"/> added to the test's HOCON configuration.</summary>
    public static Launch With(string hocon) => new(hocon);

    public sealed record Launch(string Hocon)
    {
        public Task<RunningProxy> StartAsync(params string[] args)
        {
            var ports = LoopbackPorts.Take(3);
            return StartRawAsync(["-P", "POP3,IMAP4,MANAGESIEVE", "-l", string.Join(',', ports), "-b", "127.0.0.1", .. args]);
        }

        public Task<RunningProxy> InFrontOfAsync(DovecotInstance backend, params string[] args) =>
            StartAsync(["-M", "", "-s", backend.Host, "-p", $"{backend.Pop3Port},{backend.ImapPort},{backend.SievePort}", .. args]);

        public Task<RunningProxy> StartRawAsync(IReadOnlyList<string> args) => RunningProxy.StartAsync(args, Hocon);
    }

    private static async Task<RunningProxy> StartAsync(IReadOnlyList<string> args, string extraHocon)
    {
        var dir = Directory.CreateTempSubdirectory("amp-proxy-").FullName;
        var hocon = Path.Combine(dir, "test.conf");
        // Each proxy its own audit journal and spool in its own directory, unless the test gives them (HOCON or options):
        // proxies of this process share a working directory, and a spool left there would be replayed into another test's journal.
        var journal = $"mailproxy.journal = \"sqlite:{Path.Combine(dir, "audit.db")}\"\nmailproxy.audit.spool = \"{Path.Combine(dir, "spool")}\"";
        await File.WriteAllTextAsync(hocon, $"mailproxy.perdition-config-dir = \"{dir}\"\nmailproxy.hostname = \"proxy.test\"\nmailproxy.timeouts.shutdown-grace = 2s\n{journal}\n{extraHocon}\n");
        var loaded = OptionsLoader.Load(["--config", hocon, "-F", Path.Combine(dir, "proxy.log"), .. args]);
        if (loaded is LoadResult.Invalid invalid)
        {
            throw new ArgumentException(string.Join("\n", invalid.Errors));
        }
        var options = ((LoadResult.Ready)loaded).Options;
        var logger = LoggingSetup.Create(options);
        var host = ProxyHost.Build(options, logger, MapSourceSelection.Create(options, logger), TlsSetup.Create(options.Tls, options.Listeners.Select(l => l.ClientTls)));
        try
        {
            await host.StartAsync();
        }
        catch
        {
            // A start the test expects to fail leaves no actor system behind in this process.
            await new RunningProxy(host, logger, dir, options).DisposeAsync();
            throw;
        }
        return new RunningProxy(host, logger, dir, options);
    }

    /// <summary>The log so far (the file sink writes each line as it happens).</summary>
    public string LogText()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Waits until the log holds a line containing <paramref name="text"/> (log lines are written after replies).</summary>
    public async Task<string> WaitForLogAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var log = LogText();
            if (log.Contains(text, StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return log;
            }
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _logger.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
