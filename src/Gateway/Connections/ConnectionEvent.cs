using ActorMailProxy.Gateway.Pump;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Resolution;
using ActorMailProxy.Routing.Limits;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>
/// What happened to a connection, as data: the outcome of an effect it asked for, a timer, or a word from the node.
/// <see cref="ConnectionMachine.Step"/> decides what follows; events without data are singletons.
/// </summary>
public abstract record ConnectionEvent
{
    private ConnectionEvent() { }

    public static readonly Started Start = new();
    public static readonly Admitted Admit = new();
    public static readonly TlsEstablished TlsUp = new();
    public static readonly LoginTimedOut LoginTimeout = new();
    public static readonly RelogDue Relog = new();
    public static readonly ShutdownBegun Shutdown = new();
    public static readonly Aborted Abort = new();

    /// <summary>The actor runs: the connection was accepted and counted.</summary>
    public sealed record Started : ConnectionEvent;

    /// <summary>The limits admitted what was asked (the connection, or its user).</summary>
    public sealed record Admitted : ConnectionEvent;

    /// <summary>A limit said no to what was asked.</summary>
    public sealed record Refused(LimitRefusal Refusal) : ConnectionEvent;

    /// <summary>The client's TLS handshake succeeded; from now on the connection's stream is the TLS one.</summary>
    public sealed record TlsEstablished : ConnectionEvent;

    public sealed record TlsFailed(string Reason) : ConnectionEvent;

    /// <summary><paramref name="Count"/> bytes from the client were read into the input; 0: the client closed.</summary>
    public sealed record Received(int Count) : ConnectionEvent;

    public sealed record ReadFailed(string Reason) : ConnectionEvent;

    /// <summary>A write to the client failed or timed out; nothing queued after it is carried out.</summary>
    public sealed record WriteFailed(string Reason) : ConnectionEvent;

    public sealed record RouteFound(RouteDecision Decision) : ConnectionEvent;

    /// <summary>The backend accepted the credentials; the actor holds the backend connection.</summary>
    public sealed record BackendAccepted(BackendWelcome Welcome, TransportSecurity Security) : ConnectionEvent;

    /// <summary><paramref name="LogReason"/> goes to our log; the client sees only what <paramref name="Failure"/> allows.</summary>
    public sealed record BackendRefused(LoginFailure Failure, string LogReason) : ConnectionEvent;

    public sealed record PumpEnded(PumpResult Result) : ConnectionEvent;

    public sealed record LoginTimedOut : ConnectionEvent;

    /// <summary>The idle timer looked: no byte moved through the pump for <paramref name="IdleFor"/>.</summary>
    public sealed record IdleChecked(TimeSpan IdleFor) : ConnectionEvent;

    /// <summary>Time to record a logged-in session's login again (--connect_relog).</summary>
    public sealed record RelogDue : ConnectionEvent;

    /// <summary>The node stops: sessions not logged in are told goodbye, logged-in ones may finish.</summary>
    public sealed record ShutdownBegun : ConnectionEvent;

    /// <summary>The shutdown grace is over: close whatever is still open.</summary>
    public sealed record Aborted : ConnectionEvent;
}
