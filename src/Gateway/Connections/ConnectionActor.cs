using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Akka.Actor;
using ActorMailProxy.Gateway.Backend;
using ActorMailProxy.Gateway.Limits;
using ActorMailProxy.Gateway.Listening;
using ActorMailProxy.Gateway.Pump;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Protocols;
using ActorMailProxy.Protocols.Backend;
using ActorMailProxy.Routing;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>
/// One client connection from accept to close. It owns the client socket, keeps exactly one read outstanding,
/// feeds the bytes to the protocol session and carries out its actions; after the backend login it hands both
/// streams to the byte pump and only supervises until the pump reports how the session ended.
/// </summary>
public sealed partial class ConnectionActor : ReceiveActor, IWithTimers
{
    private readonly Socket _socket;
    private Stream _stream;
    private TransportSecurity _security = TransportSecurity.Plaintext;
    private readonly ConnectionLease _lease;
    private readonly ClusterLease? _places;
    private readonly ConnectionContext _context;
    private readonly IPEndPoint _client;
    private readonly IPEndPoint _local;
    private readonly ConnectionAudit _audit;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly CancellationTokenSource _pumpStop = new();
    private IClientSession? _session;
    private InputBuffer? _input;
    private Credentials? _credentials;
    private BackendConnection? _backend;
    private ActivityClock? _activity;
    private string? _byeAfterFailedLogin;
    private string? _refusal;
    private bool _idleTimedOut;
    private string _endReason = "stopped";
    private PumpResult? _pumped;

    public ConnectionActor(Socket socket, ConnectionLease lease, ConnectionContext context)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _lease = lease;
        _context = context;
        // Only when a limit is set: an idle connection without limits carries nothing for them.
        _places = context.Limits.LimitsConnections || context.Limits.LimitsUsers ? context.Limits.NewLease() : null;
        _client = (IPEndPoint)socket.RemoteEndPoint!;
        _local = (IPEndPoint)socket.LocalEndPoint!;
        _audit = new ConnectionAudit(context.Audit, _client, _local, context.Protocol);
        _session = ClientSessions.For(context.Protocol, context.Session);
        _input = ClientSessions.NewInput(context.Session);
        NotLoggedIn();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    // Not the expression form: it would evaluate the arguments through an expression tree on every connection.
    public static Props Props(Socket socket, ConnectionLease lease, ConnectionContext context) =>
        Akka.Actor.Props.Create<ConnectionActor>(socket, lease, context);

    protected override void PreStart()
    {
        _context.Log.Connect(_client, _local);
        _audit.Opened();
        if (_context.Timeouts.Authenticate > TimeSpan.Zero)
        {
            Timers.StartSingleTimer(nameof(LoginTimedOut), new LoginTimedOut(), _context.Timeouts.Authenticate);
        }
        Self.Tell(new Start());
    }

    protected override void PostStop()
    {
        // Stop the pump before closing: the splice engine holds the socket handles until it has let go of them.
        _pumpStop.Cancel();
        _lifetime.Cancel();
        // Recorded before the connection stops counting, so a node draining for shutdown waits for its event too.
        _audit.Closed(_pumped?.FromClient ?? 0, _pumped?.ToClient ?? 0, _endReason);
        // Given back before the client can see the close: whoever sees it and counts finds the connection gone.
        _places?.Dispose();
        _lease.Dispose();
        _backend?.Dispose();
        _stream.Dispose();
        _socket.Dispose();
        _lifetime.Dispose();
        _pumpStop.Dispose();
    }

    private void NotLoggedIn()
    {
        ReceiveAsync<Start>(async _ => await StartAsync());
        ReceiveAsync<ClientRead>(async m => await OnClientReadAsync(m));
        Receive<ClientReadFailed>(m => Finish($"client read failed: {m.Reason}"));
        ReceiveAsync<LoginTimedOut>(async _ => await ByeAsync("Disconnected for inactivity."));
        ReceiveAsync<Shutdown>(async _ => await ByeAsync("Server shutting down."));
        Receive<Abort>(_ => Finish("aborted"));
    }

    /// <summary>A TLS handshake with the client is under way: nothing is read or written in plaintext meanwhile.</summary>
    private void Handshaking()
    {
        ReceiveAsync<TlsUp>(async m => await OnTlsUpAsync(m.Stream));
        Receive<TlsFailed>(m => Finish($"TLS handshake failed: {m.Reason}"));
        Receive<LoginTimedOut>(_ => Finish("login time over during the TLS handshake"));
        Receive<Shutdown>(_ => Finish("shutting down during the TLS handshake"));
        Receive<Abort>(_ => Finish("aborted"));
    }

    private void LoggingIn()
    {
        ReceiveAsync<BackendDone>(async m => await OnBackendDoneAsync(m));
        Receive<LoginTimedOut>(_ => _byeAfterFailedLogin ??= "Disconnected for inactivity.");
        Receive<Shutdown>(_ => _byeAfterFailedLogin = "Server shutting down.");
        Receive<Abort>(_ => Finish("aborted"));
    }

    private void Pumping()
    {
        ReceiveAsync<PumpDone>(async m => await OnPumpDoneAsync(m.Result));
        Receive<IdleCheck>(_ => OnIdleCheck());
        Receive<Relog>(_ => _audit.Relogged());
        Receive<Shutdown>(_ => { });
        Receive<Abort>(_ => _pumpStop.Cancel());
    }

    private async Task StartAsync()
    {
        if (_context.Limits.LimitsConnections)
        {
            Become(Admitting);
            _ = _context.Limits.AdmitConnectionAsync(_places!, _client.Address, _lifetime.Token)
                .PipeTo(Self, success: r => new ConnectionAdmission(r), failure: _ => new ConnectionAdmission(LimitRefusal.Unchecked("")));
            return;
        }
        await GreetAsync();
    }

    private async Task GreetAsync()
    {
        if (_context.Session.Tls == ClientTls.Implicit)
        {
            BeginTls();
            return;
        }
        await StartGreetingAsync();
    }

    /// <summary>
    /// The session has read nothing past STARTTLS (it closes when more was pipelined), and no read is outstanding:
    /// from here on only the handshake touches the socket.
    /// </summary>
    private void BeginTls()
    {
        Become(Handshaking);
        ClientHandshake.RunAsync(_stream, _context.Tls, _lifetime.Token)
            .PipeTo(Self, success: ssl => new TlsUp(ssl), failure: e => new TlsFailed(e.GetBaseException().Message));
    }

    private async Task OnTlsUpAsync(SslStream ssl)
    {
        var implicitTls = _security == TransportSecurity.Plaintext && _context.Session.Tls == ClientTls.Implicit;
        _stream = ssl;
        _security = implicitTls ? TransportSecurity.Ssl : TransportSecurity.StartTls;
        _audit.ClientTls(_security);
        Become(NotLoggedIn);
        if (_refusal is not null)
        {
            await LimitByeAsync();
            return;
        }
        if (implicitTls)
        {
            await StartGreetingAsync();
            return;
        }
        await CarryOutAsync(_session!.TlsEstablished());
    }

    private async Task StartGreetingAsync()
    {
        if (await TryWriteAsync(_session!.Greeting))
        {
            ReadNext();
        }
    }

    private void ReadNext()
    {
        var memory = _input!.GetWriteMemory();
        if (memory.IsEmpty)
        {
            // Sessions consume or discard a full buffer; a full one here would make the read look like end of stream.
            Finish("input buffer full");
            return;
        }
        _stream.ReadAsync(memory, _lifetime.Token).AsTask().PipeTo(Self,
            success: n => new ClientRead(n),
            failure: e => new ClientReadFailed(e.GetBaseException().Message));
    }

    private async Task OnClientReadAsync(ClientRead read)
    {
        if (read.Count == 0)
        {
            Finish("client closed before login");
            return;
        }
        _input!.Advance(read.Count);
        await CarryOutAsync(_session!.Process(_input));
    }

    /// <summary>Sends replies in order; a Login or Close ends the batch, otherwise the next read is issued.</summary>
    private async Task CarryOutAsync(IReadOnlyList<SessionAction> actions)
    {
        foreach (var action in actions)
        {
            switch (action)
            {
                case SessionAction.Reply reply:
                    if (!await TryWriteAsync(reply.Bytes))
                    {
                        return;
                    }
                    break;
                case SessionAction.Login login:
                    BeginLogin(login.Credentials);
                    return;
                case SessionAction.StartTls:
                    BeginTls();
                    return;
                case SessionAction.Close close:
                    Finish(close.Reason);
                    return;
            }
        }
        ReadNext();
    }

    private void BeginLogin(Credentials credentials)
    {
        _credentials = credentials;
        Become(LoggingIn);
        var login = new LoginContext(credentials.User, _client, _local, _context.Protocol);
        LoginAttempt.RunAsync(_context, credentials, login, _session!.Greeting, _lifetime.Token).PipeTo(Self);
    }

    private async Task OnBackendDoneAsync(BackendDone done)
    {
        if (done.Result is BackendLoginResult.NotLoggedIn failed)
        {
            await OnLoginFailedAsync(done, failed.Failure, failed.LogReason);
            return;
        }
        if (_context.Limits.LimitsUsers)
        {
            Become(AdmittingUser);
            _ = _context.Limits.AdmitUserAsync(_places!, done.LoginUser.Length > 0 ? done.LoginUser : _credentials!.User, _client.Address, _lifetime.Token)
                .PipeTo(Self, success: r => new UserAdmission(r, done), failure: _ => new UserAdmission(LimitRefusal.Unchecked(""), done));
            return;
        }
        await OnLoggedInAsync(done);
    }

    private async Task OnLoginFailedAsync(BackendDone done, LoginFailure failure, string logReason)
    {
        _context.Log.Auth(_client, _local, _credentials!, done.Server, _context.Protocol, $"failed: {logReason}", _security, TransportSecurity.Plaintext);
        _audit.LoginFailed(_credentials!, done.LoginUser, done.Server, failure, logReason);
        _credentials = null;
        Become(NotLoggedIn);
        if (_byeAfterFailedLogin is { } bye)
        {
            await ByeAsync(bye);
            return;
        }
        var actions = _session!.LoginFailed(failure).ToList();
        if (!actions.Any(a => a is SessionAction.Close))
        {
            // Commands the client pipelined after its login are answered now, as before login.
            actions.AddRange(_session.Process(_input!));
        }
        await CarryOutAsync(actions);
    }

    private async Task OnLoggedInAsync(BackendDone done)
    {
        var credentials = _credentials!;
        var backend = ((BackendLoginResult.LoggedIn)done.Result).Connection;
        _backend = backend;
        _context.Log.Auth(_client, _local, credentials, done.Server, _context.Protocol, "ok", _security, backend.Security);
        _audit.LoginSucceeded(credentials, done.LoginUser, done.Server, backend.Security);
        if (!await TryWriteAsync(_session!.LoginSucceeded(backend.Welcome)))
        {
            return;
        }
        StartPump(backend);
    }

    private void StartPump(BackendConnection backend)
    {
        Timers.Cancel(nameof(LoginTimedOut));
        var pendingToBackend = _input!.TakeAll();
        _session = null;
        _input = null;
        _activity = new ActivityClock();
        Become(Pumping);
        if (_context.Timeouts.Idle > TimeSpan.Zero)
        {
            var every = TimeSpan.FromTicks(Math.Clamp(_context.Timeouts.Idle.Ticks / 4, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));
            Timers.StartPeriodicTimer(nameof(IdleCheck), new IdleCheck(), every);
        }
        if (_context.Timeouts.Relog > TimeSpan.Zero)
        {
            Timers.StartPeriodicTimer(nameof(Relog), new Relog(), _context.Timeouts.Relog);
        }
        _context.Pump.RunAsync(_socket, _stream, backend.Socket, backend.Stream, pendingToBackend, backend.PendingToClient, _activity, _pumpStop.Token)
            .PipeTo(Self, success: r => new PumpDone(r), failure: e => new PumpDone(new PumpResult(0, 0, PumpEnd.BackendError)));
    }

    private void OnIdleCheck()
    {
        if (_activity!.IdleFor >= _context.Timeouts.Idle)
        {
            _context.Log.Debug("Idle timeout after login for {Client}", _client);
            _idleTimedOut = true;
            _pumpStop.Cancel();
        }
    }

    private async Task OnPumpDoneAsync(PumpResult result)
    {
        _context.Log.Close(_client, _local, _credentials!, result.FromClient, result.ToClient);
        _pumped = result;
        _endReason = _idleTimedOut ? "idle timeout" : result.End switch
        {
            PumpEnd.Closed => "session closed",
            PumpEnd.ClientError => "client went away",
            PumpEnd.BackendError => "backend went away",
            _ => "session stopped",
        };
        if (_idleTimedOut)
        {
            // As perdition: tell the client why, in its protocol, before closing.
            await TryWriteAsync(ClientSessions.Bye(_context.Protocol, "Timeout"));
        }
        Context.Stop(Self);
    }

    private async Task ByeAsync(string text)
    {
        await TryWriteAsync(ClientSessions.Bye(_context.Protocol, text));
        Finish(text);
    }

    private async Task<bool> TryWriteAsync(byte[] bytes)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        timeout.CancelAfter(_context.Timeouts.ClientWrite);
        try
        {
            await _stream.WriteAsync(bytes, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Finish($"client write failed: {e.Message}");
            return false;
        }
    }

    private void Finish(string reason)
    {
        _endReason = reason;
        _context.Log.Debug("Closing {Client}->{Local}: {Reason}", _client, _local, reason);
        Context.Stop(Self);
    }
}
