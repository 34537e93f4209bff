using System.Net;
using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Targets;

/// <summary>
/// perdition, the proxy we replace: one instance per protocol (it serves one protocol per process), forking a child
/// per connection, with no map so every login goes to Dovecot.
/// </summary>
public sealed class PerditionTarget : ITarget
{
    public const string Label = "perdition";

    private const string Binary = "/usr/sbin/perdition";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(20);

    private readonly ChildProcess _pop3;
    private readonly ChildProcess _imap;
    private readonly MailEndpoint _pop3Endpoint;
    private readonly MailEndpoint _imapEndpoint;

    private PerditionTarget(ChildProcess pop3, ChildProcess imap, MailEndpoint pop3Endpoint, MailEndpoint imapEndpoint)
    {
        _pop3 = pop3;
        _imap = imap;
        _pop3Endpoint = pop3Endpoint;
        _imapEndpoint = imapEndpoint;
    }

    public string Name => Label;

    public IReadOnlyList<int> ProcessIds => [_pop3.Id, _imap.Id];

    public bool JitCompiled => false;

    public Task<long?> SettleMemoryAsync() => Task.FromResult<long?>(null);

    public MailEndpoint Endpoint(MailService service) => service == MailService.Pop3 ? _pop3Endpoint : _imapEndpoint;

    public static async Task<ITarget> StartAsync(BenchBackend backend, string workDir)
    {
        if (!File.Exists(Binary))
        {
            throw new TargetUnavailableException($"{Binary} is not installed (apt-get install perdition)");
        }
        var ports = LoopbackPorts.Take(2);
        var pop3 = Start("POP3", ports[0], backend.Port(MailService.Pop3), workDir);
        var imap = Start("IMAP4", ports[1], backend.Port(MailService.Imap), workDir);
        var target = new PerditionTarget(pop3, imap, new MailEndpoint(new IPEndPoint(IPAddress.Loopback, ports[0]), null), new MailEndpoint(new IPEndPoint(IPAddress.Loopback, ports[1]), null));
        try
        {
            await ReadyProbe.WaitAsync([target._pop3Endpoint, target._imapEndpoint], [pop3, imap], StartLimit);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _pop3.DisposeAsync();
        await _imap.DisposeAsync();
    }

    // -f /dev/null: never /etc/perdition/perdition.conf. -u/-g root: the default "nobody" could not write the pid file here.
    private static ChildProcess Start(string protocol, int port, int backendPort, string workDir) => ChildProcess.Start(Binary,
    [
        "-P", protocol, "-l", port.ToString(), "-b", "127.0.0.1", "-M", "", "-s", $"127.0.0.1:{backendPort}",
        "-f", "/dev/null", "--no_daemon", "-u", "root", "-g", "root",
        "-F", Path.Combine(workDir, $"perdition-{protocol}.log"), "--pid_file", Path.Combine(workDir, $"perdition-{protocol}.pid"),
    ]);
}
