using System.Net.Sockets;
using Akka;
using Akka.Actor;
using ActorMailProxy.Gateway.Connections;

namespace ActorMailProxy.Gateway.Listening;

/// <summary>
/// Accepts on one bound socket, one accept outstanding at a time, counts each connection and starts its
/// <see cref="ConnectionActor"/> as a child, which asks the cluster-wide limits itself: a connection waiting for a lent place never holds up accepting.
/// </summary>
public sealed class ListenerActor : ReceiveActor, IWithTimers
{
    private readonly Socket _listener;
    private readonly ConnectionContext _context;
    private readonly NodeConnections _connections;
    private bool _accepting = true;

    public ListenerActor(Socket listener, ConnectionContext context, NodeConnections connections)
    {
        _listener = listener;
        _context = context;
        _connections = connections;
        Receive<Accepted>(m => OnAccepted(m.Socket));
        Receive<AcceptFailed>(OnAcceptFailed);
        Receive<RetryAccept>(_ => AcceptNext());
        Receive<StopAccepting>(_ => StopListening());
        Receive<Shutdown>(m => ForwardToConnections(m));
        Receive<Abort>(m => ForwardToConnections(m));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Socket listener, ConnectionContext context, NodeConnections connections) =>
        Akka.Actor.Props.Create(() => new ListenerActor(listener, context, connections));

    /// <summary>A connection that fails is closed, never restarted: its socket is gone with it.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart() => AcceptNext();

    protected override void PostStop() => _listener.Dispose();

    private void AcceptNext() =>
        _listener.AcceptAsync().PipeTo(Self, success: s => new Accepted(s), failure: e => new AcceptFailed(e.GetBaseException().Message));

    private void OnAccepted(Socket socket)
    {
        if (_accepting)
        {
            AcceptNext();
        }
        socket.NoDelay = true;
        if (_context.Services.TcpKeepAlive)
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        }
        Context.ActorOf(ConnectionActor.Props(socket, _connections.Track(), _context));
    }

    private void OnAcceptFailed(AcceptFailed failed)
    {
        if (!_accepting)
        {
            return;
        }
        // A transient accept error (e.g. EMFILE) must not stop the listener: log it and keep accepting.
        _context.Services.Log.Debug("Accept failed on {Endpoint}: {Reason}", _listener.LocalEndPoint, failed.Reason);
        Timers.StartSingleTimer(nameof(RetryAccept), new RetryAccept(), TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Answers <see cref="Done"/> once the listening socket is closed: from then on a connect is refused.</summary>
    private void StopListening()
    {
        _accepting = false;
        _listener.Dispose();
        Sender.Tell(Done.Instance);
    }

    private static void ForwardToConnections(object message)
    {
        foreach (var child in Context.GetChildren())
        {
            child.Tell(message);
        }
    }

    private sealed record Accepted(Socket Socket);

    private sealed record AcceptFailed(string Reason);

    private sealed record RetryAccept;
}

/// <summary>Stop taking new connections; the ones open go on.</summary>
public sealed record StopAccepting
{
    public static readonly StopAccepting Instance = new();
}
