using System.Net.Security;
using System.Net.Sockets;
using Akka.Actor;
using ActorMailProxy.Gateway.Backend;
using ActorMailProxy.Gateway.Pump;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Resolution;
using ActorMailProxy.Routing.Limits;
using Effect = ActorMailProxy.Gateway.Connections.ConnectionEffect;
using Event = ActorMailProxy.Gateway.Connections.ConnectionEvent;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>
/// What a connection holds (client socket and stream, places under the limits, backend, pump) and how its effects are
/// carried out. An outcome already there is returned as the event; one that is not comes to the actor as a message
/// later, and nothing here waits. Only the actor calls it, one call at a time.
/// </summary>
internal sealed class ConnectionIo : IDisposable
{
    private readonly Socket _socket;
    private readonly ConnectionLease _lease;
    private readonly ConnectionContext _context;
    private readonly ConnectionSetup _setup;
    private readonly IActorRef _self;
    private readonly ITimerScheduler _timers;
    private readonly ConnectionAudit _audit;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ClientReads _reads;
    private readonly Arriving _arriving = new();
    private Stream _stream;
    private IConnectionPlaces? _places;
    private IDisposable? _userPlace;
    private BackendConnection? _backend;
    private ActivityClock? _activity;
    private CancellationTokenSource? _pumpStop;
    private Effect.Stop _end = new("stopped");

    public ConnectionIo(Socket socket, ConnectionLease lease, ConnectionContext context, ConnectionSetup setup, IActorRef self, ITimerScheduler timers)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _lease = lease;
        _context = context;
        _setup = setup;
        _self = self;
        _timers = timers;
        _audit = new ConnectionAudit(context.Services.Audit, setup.Client, setup.Local, setup.Protocol);
        _reads = new ClientReads(self);
    }

    public TimeSpan IdleFor => _activity?.IdleFor ?? TimeSpan.Zero;

    /// <summary>Carries out any effect but a write or a stop; the event when its outcome is already known.</summary>
    public ConnectionEvent? Carry(ConnectionEffect effect)
    {
        switch (effect)
        {
            case Effect.Admit admit:
                return Admit(admit.Request);
            case Effect.GiveBackUserPlace:
                _userPlace?.Dispose();
                _userPlace = null;
                return null;
            case Effect.BeginTls:
                _arriving.Pipe(ClientHandshake.RunAsync(_stream, _context.Services.Tls, _lifetime.Token), _self,
                    carried: ssl => ssl, success: ssl => new TlsDone(ssl), failure: e => new Event.TlsFailed(e.Message));
                return null;
            case Effect.Read read:
                _reads.Start(_stream, read.Into, _lifetime.Token);
                return null;
            case Effect.ResolveRoute resolve:
                return Resolve(resolve.Login);
            case Effect.LogIn login:
                _arriving.Pipe(LoginAttempt.LogInAsync(_context, login.Route, login.Credentials, login.OurGreeting, _lifetime.Token), _self,
                    carried: r => (r as BackendLoginResult.LoggedIn)?.Connection, success: r => new LoginDone(r),
                    failure: e => new LoginDone(new BackendLoginResult.NotLoggedIn(new LoginFailure.Unavailable(e.Message), e.Message)));
                return null;
            case Effect.StartPump pump:
                StartPump(pump.PendingToBackend);
                return null;
            case Effect.StopPump:
                _pumpStop?.Cancel();
                return null;
            case Effect.Report report:
                ConnectionReports.Write(report.What, _context, _setup, _audit);
                return null;
            default:
                throw new InvalidOperationException($"the actor carries out {effect.GetType().Name} itself");
        }
    }

    /// <summary>Keeps the places a user's admission took, so a failed login can give them back.</summary>
    public ConnectionEvent Admitted(AdmissionRequest request, Admission admission)
    {
        if (admission is Admission.Refused refused)
        {
            return new Event.Refused(refused.Refusal);
        }
        if (request is AdmissionRequest.User)
        {
            _userPlace = ((Admission.Admitted)admission).Places;
        }
        return Event.Admit;
    }

    public ConnectionEvent Secured(SslStream ssl)
    {
        _arriving.Taken();
        _stream = ssl;
        return Event.TlsUp;
    }

    public ConnectionEvent LoggedIn(BackendLoginResult result)
    {
        _arriving.Taken();
        if (result is BackendLoginResult.NotLoggedIn failed)
        {
            return new Event.BackendRefused(failed.Failure, failed.LogReason);
        }
        _backend = ((BackendLoginResult.LoggedIn)result).Connection;
        return new Event.BackendAccepted(_backend.Welcome, _backend.Security);
    }

    /// <summary>Written at once, failed (<paramref name="failure"/> says why), or under way: then <see cref="Written"/> or <see cref="WriteFaulted"/> follows.</summary>
    public WriteOutcome Write(byte[] bytes, out string failure)
    {
        failure = "";
        try
        {
            var write = _stream.WriteAsync(bytes, _lifetime.Token);
            if (write.IsCompleted)
            {
                write.GetAwaiter().GetResult();
                return WriteOutcome.Written;
            }
            write.AsTask().PipeTo(_self, success: () => Written.Instance, failure: e => new WriteFaulted(e.GetBaseException().Message));
            return WriteOutcome.UnderWay;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            failure = e.Message;
            return WriteOutcome.Failed;
        }
    }

    public void End(Effect.Stop stop)
    {
        _end = stop;
        if (_context.Services.Log.Debugging)
        {
            _context.Services.Log.Debug("Closing {Client}->{Local}: {Reason}", _setup.Client, _setup.Local, stop.Reason);
        }
    }

    public void Dispose()
    {
        // Stop the pump before closing: the splice engine holds the socket handles until it has let go of them.
        _pumpStop?.Cancel();
        _lifetime.Cancel();
        // Recorded before the connection stops counting, so a node draining for shutdown waits for its event too.
        _audit.Closed(_end.FromClient, _end.ToClient, _end.Reason);
        // Given back before the client can see the close: whoever sees it and counts finds the connection gone.
        _places?.Dispose();
        _lease.Dispose();
        _backend?.Dispose();
        _arriving.Dispose();
        _stream.Dispose();
        _socket.Dispose();
        _lifetime.Dispose();
        _pumpStop?.Dispose();
    }

    private ConnectionEvent? Admit(AdmissionRequest request)
    {
        _places ??= _context.Services.Limits.Enter();
        var admission = _places.TryAdmitAsync(request, _lifetime.Token);
        if (admission.IsCompletedSuccessfully)
        {
            return Admitted(request, admission.Result);
        }
        admission.AsTask().PipeTo(_self, success: a => new AdmissionDone(request, a),
            failure: _ => new AdmissionDone(request, new Admission.Refused(LimitRefusal.Unchecked(""))));
        return null;
    }

    private ConnectionEvent? Resolve(LoginContext login)
    {
        var decision = LoginAttempt.RouteAsync(_context.Listener.Routes, login, _lifetime.Token);
        if (decision.IsCompletedSuccessfully)
        {
            return new Event.RouteFound(decision.Result);
        }
        decision.PipeTo(_self, success: d => new Event.RouteFound(d), failure: e => new Event.RouteFound(new RouteDecision.Unavailable(e.GetBaseException().Message)));
        return null;
    }

    private void StartPump(byte[] pendingToBackend)
    {
        var timeouts = _context.Timeouts;
        _timers.Cancel(nameof(Event.LoginTimedOut));
        if (timeouts.Idle > TimeSpan.Zero)
        {
            var every = TimeSpan.FromTicks(Math.Clamp(timeouts.Idle.Ticks / 4, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));
            _timers.StartPeriodicTimer(nameof(IdleCheck), IdleCheck.Instance, every);
        }
        if (timeouts.Relog > TimeSpan.Zero)
        {
            _timers.StartPeriodicTimer(nameof(Event.RelogDue), Event.Relog, timeouts.Relog);
        }
        _activity = new ActivityClock();
        _pumpStop = new CancellationTokenSource();
        var backend = _backend!;
        _context.Services.Pump.RunAsync(_socket, _stream, backend.Socket, backend.Stream, pendingToBackend, backend.PendingToClient, _activity, _pumpStop.Token)
            .PipeTo(_self, success: r => new Event.PumpEnded(r), failure: _ => new Event.PumpEnded(new PumpResult(0, 0, PumpEnd.BackendError)));
    }
}

internal enum WriteOutcome
{
    Written,
    UnderWay,
    Failed,
}
