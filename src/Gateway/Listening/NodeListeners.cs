using System.Net.Sockets;
using Akka;
using Akka.Actor;
using ActorMailProxy.Gateway.Connections;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Listening;

/// <summary>
/// This node's listeners and the connections they accepted: started together, and stopped in the shutdown's order:
/// no new connections, then a goodbye to those not logged in, then whatever is left once the grace is over.
/// </summary>
public sealed class NodeListeners
{
    private readonly ActorSystem _system;
    private readonly NodeConnections _connections = new();
    private readonly List<IActorRef> _listeners = [];

    public NodeListeners(ActorSystem system) => _system = system;

    public int Open => _connections.Open;

    /// <summary>One listener actor per bound socket, each with its connections' context.</summary>
    public void Start(IEnumerable<(ListenerSpec Spec, Socket Socket, ConnectionContext Context)> listeners)
    {
        foreach (var (spec, socket, context) in listeners)
        {
            _listeners.Add(_system.ActorOf(ListenerActor.Props(socket, context, _connections), $"listener-{spec.Protocol}-{spec.Endpoint.Port}-{_listeners.Count}"));
        }
    }

    /// <summary>Every listening socket is closed when this completes: from then on a connect is refused.</summary>
    public Task StopAcceptingAsync() =>
        Task.WhenAll(_listeners.Select(listener => listener.Ask<Done>(StopAccepting.Instance, TimeSpan.FromSeconds(5))));

    /// <summary>Sessions not logged in are told goodbye; logged-in ones may finish.</summary>
    public void TellShutdown() => TellAll(Shutdown.Instance);

    /// <summary>The grace is over: close whatever is still open.</summary>
    public void Abort() => TellAll(Connections.Abort.Instance);

    /// <summary>Waits until no connection is open, or <paramref name="limit"/> has passed; true when none is.</summary>
    public async Task<bool> WaitForNoneAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (_connections.Open > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }
        return _connections.Open == 0;
    }

    private void TellAll(object message)
    {
        foreach (var listener in _listeners)
        {
            listener.Tell(message);
        }
    }
}
