using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Effect = ActorMailProxy.Gateway.Connections.ConnectionEffect;
using Event = ActorMailProxy.Gateway.Connections.ConnectionEvent;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>
/// One client connection from accept to close. <see cref="ConnectionMachine"/> decides; the actor feeds it events
/// (messages, or outcomes already known) one at a time and carries out its effects in order. A write still under
/// way holds back the effects behind it, never the mailbox: a timer, a shutdown or a failure is heard meanwhile.
/// </summary>
public sealed class ConnectionActor : ReceiveActor, IWithTimers
{
    private readonly Socket _socket;
    private readonly ConnectionLease _lease;
    private readonly ConnectionContext _context;
    private readonly Queue<ConnectionEvent> _events = new();
    private readonly Queue<ConnectionEffect> _effects = new();
    private ConnectionState _state;
    private ConnectionIo _io = null!;
    private bool _stepping;
    private bool _writing;

    public ConnectionActor(Socket socket, ConnectionLease lease, ConnectionContext context)
    {
        _socket = socket;
        _lease = lease;
        _context = context;
        var listener = context.Listener;
        var setup = new ConnectionSetup(listener.Protocol, listener.Session.Tls, (IPEndPoint)socket.RemoteEndPoint!, (IPEndPoint)socket.LocalEndPoint!, context.Timeouts.Idle);
        _state = ConnectionState.Accept(setup, listener.Session);
        Receive<ConnectionEvent>(Handle);
        Receive<Shutdown>(_ => Handle(Event.Shutdown));
        Receive<Abort>(_ => Handle(Event.Abort));
        Receive<AdmissionDone>(m => Handle(_io.Admitted(m.Request, m.Admission)));
        Receive<TlsDone>(m => Handle(_io.Secured(m.Stream)));
        Receive<LoginDone>(m => Handle(_io.LoggedIn(m.Result)));
        Receive<IdleCheck>(_ => Handle(new Event.IdleChecked(_io.IdleFor)));
        Receive<Written>(_ => OnWritten());
        Receive<WriteFaulted>(m => OnWriteFailed(m.Reason));
        Receive<WriteTimedOut>(_ => _writing, _ => OnWriteFailed("timed out"));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    // Not the expression form: it would evaluate the arguments through an expression tree on every connection.
    public static Props Props(Socket socket, ConnectionLease lease, ConnectionContext context) =>
        Akka.Actor.Props.Create<ConnectionActor>(socket, lease, context);

    protected override void PreStart()
    {
        _io = new ConnectionIo(_socket, _lease, _context, _state.Setup, Self, Timers);
        if (_context.Timeouts.Authenticate > TimeSpan.Zero)
        {
            Timers.StartSingleTimer(nameof(Event.LoginTimedOut), Event.LoginTimeout, _context.Timeouts.Authenticate);
        }
        Handle(Event.Start);
    }

    protected override void PostStop() => _io.Dispose();

    private void Handle(ConnectionEvent e)
    {
        _events.Enqueue(e);
        Run();
    }

    /// <summary>Carries out what is queued and steps the machine through each event, outcomes known at once included, in order.</summary>
    private void Run()
    {
        if (_stepping)
        {
            return;
        }
        _stepping = true;
        CarryOutQueued();
        while (_events.TryDequeue(out var next))
        {
            var step = ConnectionMachine.Step(_state, next);
            _state = step.State;
            foreach (var effect in step.Effects)
            {
                _effects.Enqueue(effect);
            }
            CarryOutQueued();
        }
        _stepping = false;
    }

    private void CarryOutQueued()
    {
        while (!_writing && _effects.TryDequeue(out var effect))
        {
            switch (effect)
            {
                case Effect.Write write:
                    Write(write.Bytes);
                    break;
                case Effect.Stop stop:
                    _io.End(stop);
                    _effects.Clear();
                    _events.Clear();
                    Context.Stop(Self);
                    return;
                default:
                    if (_io.Carry(effect) is { } outcome)
                    {
                        _events.Enqueue(outcome);
                    }
                    break;
            }
        }
    }

    private void Write(byte[] bytes)
    {
        switch (_io.Write(bytes, out var failure))
        {
            case WriteOutcome.UnderWay:
                _writing = true;
                Timers.StartSingleTimer(nameof(WriteTimedOut), WriteTimedOut.Instance, _context.Timeouts.ClientWrite);
                break;
            case WriteOutcome.Failed:
                OnWriteFailed(failure);
                break;
        }
    }

    private void OnWritten()
    {
        _writing = false;
        Timers.Cancel(nameof(WriteTimedOut));
        Run();
    }

    /// <summary>What was to follow the write is dropped, but an end already decided: the machine hears of the failure.</summary>
    private void OnWriteFailed(string reason)
    {
        _writing = false;
        Timers.Cancel(nameof(WriteTimedOut));
        var stops = _effects.OfType<Effect.Stop>().ToList();
        _effects.Clear();
        stops.ForEach(_effects.Enqueue);
        Handle(new Event.WriteFailed(reason));
    }
}
