using System.Net;
using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Integration.Executable;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Targets;

/// <summary>
/// The Release build of our proxy as its own process, started with perdition's options the way an operator would:
/// no map, every login to Dovecot, one listener per protocol; for TLS, POP3S and IMAP4S listeners with a certificate
/// from the bench's CA, which is also the CA it checks Dovecot's certificate against under ssl_all.
/// </summary>
public sealed class ActorMailProxyTarget : ITarget
{
    public const string Label = "ActorMailProxy";
    public const string SslAllLabel = "ActorMailProxy ssl_all";
    public const string SslListenLabel = "ActorMailProxy ssl_listen";

    // Nothing from /etc/perdition, and no timer that could close a connection during a measurement. The login timer is
    // an hour rather than 0s ("none"): this build starts it even at 0s, which then closes every connection at once.
    private const string Hocon = """
        mailproxy.perdition-config-dir = "/nonexistent"
        mailproxy.timeouts.authenticate = 3600s
        mailproxy.timeouts.idle = 0s
        """;

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private const int RemotingWarmUps = 3;

    private readonly ChildProcess _process;
    private readonly MailEndpoint _pop3;
    private readonly MailEndpoint _imap;

    private ActorMailProxyTarget(string name, ChildProcess process, MailEndpoint pop3, MailEndpoint imap, string clusterSeed, string assembly,
        string journalPath, string logPath)
    {
        Name = name;
        JournalPath = journalPath;
        LogPath = logPath;
        _process = process;
        _pop3 = pop3;
        _imap = imap;
        ClusterSeed = clusterSeed;
        _assembly = assembly;
    }

    private readonly string _assembly;

    public string Name { get; }

    /// <summary>
    /// Its cluster endpoint (a single-node cluster, on a port the bench chose), for <c>actormailproxy cluster status
    /// --cluster_seed</c>: its audit events waiting are in the NOTES column.
    /// </summary>
    public string ClusterSeed { get; }

    public int ProcessId => _process.Id;

    /// <summary>Its SQLite audit journal (<c>--journal sqlite:…</c>), new for the run.</summary>
    public string JournalPath { get; }

    /// <summary>Its log file (<c>-F</c>).</summary>
    public string LogPath { get; }

    /// <summary>Whether <see cref="SettleMemoryAsync"/> waits for the audit backlog (<c>--no-backlog-wait</c> turns it off, to compare).</summary>
    public bool WaitForAuditBacklog { get; init; } = true;

    public IReadOnlyList<int> ProcessIds => [_process.Id];

    public bool JitCompiled => true;

    /// <summary>
    /// Waits until the node is quiescent, then has it run a full GC. Quiescent means its audit events are all stored:
    /// after a login storm its publisher may hold thousands (up to mailproxy.audit.buffer), and while the log stores them
    /// and the projections read them back, the heap churns and grows by far more than a connection costs, so a reading
    /// taken meanwhile measures the backlog, not the connections. Then GCs until two readings of RSS agree.
    /// </summary>
    public async Task<long?> SettleMemoryAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var waiting = await AuditWaitingAsync();
        var first = waiting;
        while (waiting is not 0 && WaitForAuditBacklog && clock.Elapsed < BacklogLimit)
        {
            await Task.Delay(BacklogPoll);
            waiting = await AuditWaitingAsync();
        }
        var tree = new ProcessTree([_process.Id]);
        var readings = new List<long>();
        long? live = null;
        for (var i = 0; i < MostCollections; i++)
        {
            live = await ManagedHeap.CollectAsync(_process.Id);
            readings.Add(tree.RssKiB());
            if (readings.Count > 1 && Math.Abs(readings[^1] - readings[^2]) <= StableKiB)
            {
                break;
            }
        }
        Console.WriteLine($"  {Name} settled in {clock.Elapsed.TotalSeconds:0.0} s: audit events waiting {Show(first)}" +
            (first is 0 ? "" : $" → {Show(waiting)}") + $"; RSS after each GC {string.Join(", ", readings.Select(r => $"{r:N0}"))} KiB" +
            (live is { } bytes ? $"; live .NET objects {bytes / 1024:N0} KiB" : ""));
        return live;
        static string Show(int? n) => n?.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
    }

    // How long a backlog may take to be stored before the reading goes ahead anyway (and says so).
    private static readonly TimeSpan BacklogLimit = TimeSpan.FromMinutes(3);
    // Each look is a cluster status command, a .NET process that joins by remoting: about a CPU second, which the node's
    // journal would otherwise have for storing the backlog.
    private static readonly TimeSpan BacklogPoll = TimeSpan.FromSeconds(5);

    // Half a KiB per connection of the 1,000 measured: two readings that close mean the heap has settled.
    private const long StableKiB = 512;
    private const int MostCollections = 8;

    /// <summary>The audit events its publisher holds, not yet stored (cluster status's NOTES); null when status did not answer.</summary>
    public async Task<int?> AuditWaitingAsync()
    {
        var (exitCode, output) = await ToolRun.RunAsync("dotnet", [_assembly, "cluster", "status", "--cluster_seed", ClusterSeed], TimeSpan.FromSeconds(30));
        if (exitCode != 0 || output.Contains("no answer", StringComparison.Ordinal))
        {
            return null;
        }
        var match = System.Text.RegularExpressions.Regex.Match(output, @"audit events waiting: (\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public MailEndpoint Endpoint(MailService service) => service == MailService.Pop3 ? _pop3 : _imap;

    /// <summary>The built executable, as <c>dotnet build -c Release src/Gateway</c> leaves it.</summary>
    public static string DefaultAssembly => Path.Combine(ProxyProcess.RepositoryRoot, "src", "Gateway", "bin", "Release", "net10.0", "actormailproxy.dll");

    /// <summary>
    /// <paramref name="extraConfig"/>: a HOCON file read over the bench's own settings (<c>--proxy-config</c>), or null;
    /// <paramref name="waitForAuditBacklog"/>: see <see cref="WaitForAuditBacklog"/>; <paramref name="extraArguments"/>:
    /// options after the bench's own (the audit storm's <c>--audit_spool</c>).
    /// </summary>
    public static async Task<ITarget> StartAsync(BenchBackend backend, string workDir, string assembly, ProxyTlsMode tls, string? extraConfig = null,
        bool waitForAuditBacklog = true, IReadOnlyList<string>? extraArguments = null)
    {
        EnsureBuilt(assembly);
        var (name, file) = tls switch
        {
            ProxyTlsMode.SslAll => (SslAllLabel, "actormailproxy-ssl-all"),
            ProxyTlsMode.SslListen => (SslListenLabel, "actormailproxy-ssl-listen"),
            _ => (Label, "actormailproxy"),
        };
        var config = Path.Combine(workDir, $"{file}.conf");
        // The extra file's settings win: HOCON keeps the last value of a key.
        await File.WriteAllTextAsync(config, extraConfig is null ? Hocon : Hocon + "\n" + await File.ReadAllTextAsync(extraConfig));
        var ports = LoopbackPorts.Take(3);
        var seed = $"{DovecotInstance.LoopbackHost}:{ports[2]}";
        var journal = Path.Combine(workDir, $"{file}-audit.db");
        var log = Path.Combine(workDir, $"{file}.log");
        var process = ChildProcess.Start("dotnet",
        [
            assembly, "-P", tls == ProxyTlsMode.None ? "POP3,IMAP4" : "POP3S,IMAP4S", "-l", $"{ports[0]},{ports[1]}", "-b", "127.0.0.1", "-M", "",
            "-s", "127.0.0.1", "-p", BackendPorts(backend, tls),
            .. TlsOptions(backend, tls, file),
            "-F", log, "--config", config,
            // Its own audit journal, new for the run: the default is a file in the working directory, which grew from run
            // to run and which every node start reads back whole (the audit projections rebuild from it).
            "--journal", $"sqlite:{journal}",
            // Its spool in the run's directory too, not in /var/lib/actormailproxy where a root run's would stay behind.
            "--state_directory", workDir,
            "--cluster_host", DovecotInstance.LoopbackHost, "--cluster_port", ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. extraArguments ?? [],
        ]);
        var clientTls = tls == ProxyTlsMode.None ? null : backend.ClientTls;
        var target = new ActorMailProxyTarget(name, process,
            new MailEndpoint(new IPEndPoint(IPAddress.Loopback, ports[0]), clientTls), new MailEndpoint(new IPEndPoint(IPAddress.Loopback, ports[1]), clientTls), seed, assembly,
            journal, log) { WaitForAuditBacklog = waitForAuditBacklog };
        try
        {
            await ReadyProbe.WaitAsync([target._pop3, target._imap], [process], StartLimit);
            // The node allocates remoting's buffer pools (16 MiB chunks) for the first cluster status commands that reach
            // it: paid now, they do not land in the first round of idle memory, which asks the same way.
            for (var i = 0; i < RemotingWarmUps; i++)
            {
                await target.AuditWaitingAsync();
            }
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>
    /// A heap snapshot by dotnet-gcdump (which also runs a full GC) into <paramref name="path"/>, and the bytes of live
    /// objects it holds (<c>dotnet-gcdump report</c>'s "GC Heap bytes"); null and what went wrong otherwise.
    /// </summary>
    public async Task<(long? LiveBytes, string Note)> GcDumpAsync(string path)
    {
        if (ToolRun.FindDotnetTool("dotnet-gcdump") is not { } tool)
        {
            return (null, "dotnet-gcdump is not installed (dotnet tool install -g dotnet-gcdump)");
        }
        var (exitCode, output) = await ToolRun.RunAsync(tool, ["collect", "-p", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", path], TimeSpan.FromMinutes(2));
        if (exitCode != 0)
        {
            return (null, $"dotnet-gcdump failed ({exitCode}): {output.Trim()}");
        }
        var (_, report) = await ToolRun.RunAsync(tool, ["report", path], TimeSpan.FromMinutes(2));
        var live = System.Text.RegularExpressions.Regex.Match(report, @"([\d,]+)\s+GC Heap bytes");
        return live.Success
            ? (long.Parse(live.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture), $"heap snapshot {path}")
            : (null, $"heap snapshot {path}, but no size in its report");
    }

    internal static void EnsureBuilt(string assembly)
    {
        if (!File.Exists(assembly))
        {
            throw new TargetUnavailableException($"{assembly} is not built (dotnet build -c Release src/Gateway)");
        }
    }

    private static string BackendPorts(BenchBackend backend, ProxyTlsMode tls) => tls == ProxyTlsMode.SslAll
        ? $"{backend.TlsPort(MailService.Pop3)},{backend.TlsPort(MailService.Imap)}"
        : $"{backend.Port(MailService.Pop3)},{backend.Port(MailService.Imap)}";

    // Dovecot's certificate is checked in full (chain to the bench's CA, name 127.0.0.1), as the proxy does by default.
    private static IEnumerable<string> TlsOptions(BenchBackend backend, ProxyTlsMode tls, string file)
    {
        if (tls == ProxyTlsMode.None)
        {
            return [];
        }
        var certificate = backend.Pki.IssueServer(file, DovecotInstance.LoopbackHost);
        var served = new[] { "--ssl_cert_file", certificate.CertPemPath, "--ssl_key_file", certificate.KeyPemPath };
        return tls == ProxyTlsMode.SslAll
            ? ["--ssl_mode", "ssl_all", .. served, "--ssl_ca_file", backend.Pki.CaPemPath]
            : ["--ssl_mode", "ssl_listen", .. served];
    }
}
