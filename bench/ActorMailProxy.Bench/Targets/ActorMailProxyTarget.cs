using System.Net;
using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Integration;

namespace ActorMailProxy.Bench.Targets;

/// <summary>
/// The Release build of our proxy as its own process, started with perdition's options the way an operator would:
/// no map, every login to Dovecot, one listener per protocol.
/// </summary>
public sealed class ActorMailProxyTarget : ITarget
{
    public const string Label = "ActorMailProxy";

    // Nothing from /etc/perdition, and no timer that could close a connection during a measurement. The login timer is
    // an hour rather than 0s ("none"): this build starts it even at 0s, which then closes every connection at once.
    private const string Hocon = """
        mailproxy.perdition-config-dir = "/nonexistent"
        mailproxy.timeouts.authenticate = 3600s
        mailproxy.timeouts.idle = 0s
        """;

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _process;
    private readonly MailEndpoint _pop3;
    private readonly MailEndpoint _imap;

    private ActorMailProxyTarget(ChildProcess process, MailEndpoint pop3, MailEndpoint imap)
    {
        _process = process;
        _pop3 = pop3;
        _imap = imap;
    }

    public string Name => Label;

    public IReadOnlyList<int> ProcessIds => [_process.Id];

    public Task SettleMemoryAsync() => ManagedHeap.CollectAsync(_process.Id);

    public MailEndpoint Endpoint(MailService service) => service == MailService.Pop3 ? _pop3 : _imap;

    /// <summary>The built executable, as <c>dotnet build -c Release src/Gateway</c> leaves it.</summary>
    public static string DefaultAssembly => Path.Combine(ProxyProcess.RepositoryRoot, "src", "Gateway", "bin", "Release", "net10.0", "actormailproxy.dll");

    public static async Task<ITarget> StartAsync(BenchBackend backend, string workDir, string assembly)
    {
        if (!File.Exists(assembly))
        {
            throw new TargetUnavailableException($"{assembly} is not built (dotnet build -c Release src/Gateway)");
        }
        var config = Path.Combine(workDir, "actormailproxy.conf");
        await File.WriteAllTextAsync(config, Hocon);
        var ports = LoopbackPorts.Take(2);
        var process = ChildProcess.Start("dotnet",
        [
            assembly, "-P", "POP3,IMAP4", "-l", $"{ports[0]},{ports[1]}", "-b", "127.0.0.1", "-M", "",
            "-s", "127.0.0.1", "-p", $"{backend.Port(MailService.Pop3)},{backend.Port(MailService.Imap)}",
            "-F", Path.Combine(workDir, "actormailproxy.log"), "--config", config,
        ]);
        var target = new ActorMailProxyTarget(process, new MailEndpoint(new IPEndPoint(IPAddress.Loopback, ports[0]), null), new MailEndpoint(new IPEndPoint(IPAddress.Loopback, ports[1]), null));
        try
        {
            await ReadyProbe.WaitAsync([target._pop3, target._imap], [process], StartLimit);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
