using System.Net.Sockets;
using Akka.Actor;
using ActorMailProxy.Gateway.Connections;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Gateway.Listening;

/// <summary>
/// Accepts on one bound socket, one accept outstanding at a time, admits each connection under the limit
/// and starts its <see cref="ConnectionActor"/> as a child.
/// </summary>
public sealed class ListenerActor : ReceiveActor, IWithTimers
{
    private readonly Socket _listener;
    private readonly ConnectionContext _context;
    private readonly ConnectionLimiter _limiter;
    private bool _accepting = true;

    public ListenerActor(Socket listener, ConnectionContext context, ConnectionLimiter limiter)
    {
        _listener = listener;
        _context = context;
        _limiter = limiter;
        ReceiveAsync<Accepted>(async m => await OnAcceptedAsync(m.Socket));
        Receive<AcceptFailed>(OnAcceptFailed);
        Receive<RetryAccept>(_ => AcceptNext());
        Receive<StopAccepting>(_ => StopListening());
        Receive<Shutdown>(m => ForwardToConnections(m));
        Receive<Abort>(m => ForwardToConnections(m));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Socket listener, ConnectionContext context, ConnectionLimiter limiter) =>
        Akka.Actor.Props.Create(() => new ListenerActor(listener, context, limiter));

    /// <summary>A connection that fails is closed, never restarted: its socket is gone with it.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart() => AcceptNext();

    protected override void PostStop() => _listener.Dispose();

    private void AcceptNext() =>
        _listener.AcceptAsync().PipeTo(Self, success: s => new Accepted(s), failure: e => new AcceptFailed(e.GetBaseException().Message));

    private async Task OnAcceptedAsync(Socket socket)
    {
        if (_accepting)
        {
            AcceptNext();
        }
        socket.NoDelay = true;
        if (_context.TcpKeepAlive)
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        }
        if (_limiter.TryAcquire() is { } lease)
        {
            Context.ActorOf(ConnectionActor.Props(socket, lease, _context));
            return;
        }
        await RefuseAsync(socket);
    }

    /// <summary>Over the limit: say so in the client's protocol and close, without reading anything from it.</summary>
    private async Task RefuseAsync(Socket socket)
    {
        _context.Log.Debug("Refusing {Client}: connection limit reached", socket.RemoteEndPoint);
        using (socket)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_context.Timeouts.ClientWrite);
                await socket.SendAsync(ClientSessions.Bye(_context.Protocol, RefusalText(_context.Protocol)), SocketFlags.None, timeout.Token);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // It left already; nothing to tell it.
            }
        }
    }

    private static string RefusalText(MailProtocol protocol) => protocol switch
    {
        MailProtocol.Pop3 => "[IN-USE] Too many connections, try again later.",
        MailProtocol.Imap4 => "[UNAVAILABLE] Too many connections, try again later.",
        _ => "Too many connections, try again later.",
    };

    private void OnAcceptFailed(AcceptFailed failed)
    {
        if (!_accepting)
        {
            return;
        }
        // A transient accept error (e.g. EMFILE) must not stop the listener: log it and keep accepting.
        _context.Log.Debug("Accept failed on {Endpoint}: {Reason}", _listener.LocalEndPoint, failed.Reason);
        Timers.StartSingleTimer(nameof(RetryAccept), new RetryAccept(), TimeSpan.FromMilliseconds(100));
    }

    private void StopListening()
    {
        _accepting = false;
        _listener.Dispose();
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
