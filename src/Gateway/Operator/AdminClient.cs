using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>
/// The command line's side: a small actor system with remoting but no cluster, so it reaches the nodes' admin
/// actors without joining (and without disturbing membership or sharding).
/// </summary>
internal sealed class AdminClient : IAsyncDisposable
{
    public const string SystemName = ClusterSystem.Name + "-admin";

    /// <summary>How long one seed has to answer before the next is tried as well.</summary>
    private static readonly TimeSpan Stagger = TimeSpan.FromMilliseconds(500);

    private readonly ActorSystem _system;

    private AdminClient(ActorSystem system) => _system = system;

    /// <summary>
    /// Starts on a free port of the node's own cluster address (--cluster_host), with our serializers, and with the
    /// node's cluster TLS when <paramref name="clusterTls"/> is given (the nodes let nothing else in).
    /// </summary>
    public static AdminClient Start(Config nodeConfig, bool debug, DotNettySslSetup? clusterTls)
    {
        var hostname = nodeConfig.GetString("akka.remote.dot-netty.tcp.hostname", "127.0.0.1");
        var level = debug ? "WARNING" : "OFF";
        var config = ConfigurationFactory.ParseString($"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp.hostname = "{hostname.Replace("\\", "\\\\").Replace("\"", "\\\"")}"
            akka.remote.dot-netty.tcp.port = 0
            akka.loglevel = {level}
            akka.stdout-loglevel = {level}
            akka.remote.log-remote-lifecycle-events = off
            """).WithFallback(nodeConfig);
        Setup[] setups = clusterTls is null ? [BootstrapSetup.Create().WithConfig(config)] : [BootstrapSetup.Create().WithConfig(config), clusterTls];
        return new AdminClient(ActorSystem.Create(SystemName, ActorSystemSetup.Create(setups)));
    }

    /// <summary>The seed nodes of <paramref name="nodeConfig"/> (akka.cluster.seed-nodes, with --cluster_seed applied).</summary>
    public static IReadOnlyList<Address> Seeds(Config nodeConfig) =>
        [.. nodeConfig.GetStringList("akka.cluster.seed-nodes").Select(Address.Parse)];

    /// <summary>
    /// The admin actor of the first seed that answers. Seeds are tried in order, the next one only when the earlier
    /// have not answered within <see cref="Stagger"/>, so a healthy first seed is the only node the command touches;
    /// null when none answered within <paramref name="timeout"/> of the last one being tried.
    /// </summary>
    public async Task<IActorRef?> FindAsync(IReadOnlyList<Address> seeds, TimeSpan timeout)
    {
        var pending = new List<Task<IActorRef>>();
        foreach (var seed in seeds)
        {
            pending.Add(_system.ActorSelection(MemberAdmins.PathOf(seed)).ResolveOne(timeout));
            if (await FirstAnswerAsync(pending, Stagger < timeout ? Stagger : timeout) is { } found)
            {
                return found;
            }
        }
        return await FirstAnswerAsync(pending, timeout);
    }

    /// <summary>The admin actor's reply, or null when none came within <paramref name="timeout"/>.</summary>
    public async Task<object?> AskAsync(IActorRef admin, object message, TimeSpan timeout)
    {
        try
        {
            return await admin.Ask<object>(message, timeout);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();

    private static async Task<IActorRef?> FirstAnswerAsync(List<Task<IActorRef>> pending, TimeSpan wait)
    {
        var deadline = Task.Delay(wait);
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending.Append<Task>(deadline));
            if (done == deadline)
            {
                return null;
            }
            var resolved = (Task<IActorRef>)done;
            pending.Remove(resolved);
            if (resolved.IsCompletedSuccessfully)
            {
                return resolved.Result;
            }
        }
        return null;
    }
}
