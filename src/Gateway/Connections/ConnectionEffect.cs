using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Resolution;
using ActorMailProxy.Routing.Limits;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>
/// What <see cref="ConnectionMachine.Step"/> asks the connection's actor to do, in order. Effects with an outcome
/// (admission, TLS, read, route, login, pump) come back as a <see cref="ConnectionEvent"/>; the others have none.
/// </summary>
public abstract record ConnectionEffect
{
    private ConnectionEffect() { }

    public static readonly BeginTls StartTls = new();
    public static readonly GiveBackUserPlace ReleaseUser = new();
    public static readonly StopPump HaltPump = new();

    /// <summary>Ask the cluster-wide limits; <see cref="ConnectionEvent.Admitted"/> or <see cref="ConnectionEvent.Refused"/> follows.</summary>
    public sealed record Admit(AdmissionRequest Request) : ConnectionEffect;

    /// <summary>The login the user's place was taken for failed: give that place back, keep the connection's.</summary>
    public sealed record GiveBackUserPlace : ConnectionEffect;

    /// <summary>Start the server side of a TLS handshake with the client; nothing is read or written meanwhile.</summary>
    public sealed record BeginTls : ConnectionEffect;

    /// <summary>Send these bytes to the client; what follows waits until they are written.</summary>
    public sealed record Write(byte[] Bytes) : ConnectionEffect
    {
        public override string ToString() => $"Write {{ {Ascii.Printable(Bytes)} }}";
    }

    /// <summary>Read from the client into <paramref name="Into"/>, free space of the session's input.</summary>
    public sealed record Read(Memory<byte> Into) : ConnectionEffect;

    public sealed record ResolveRoute(LoginContext Login) : ConnectionEffect;

    /// <summary>
    /// Connect to the route's server and log in there with <paramref name="Credentials"/> (already the route's user);
    /// <paramref name="OurGreeting"/> tells a backend that is ourselves (a proxy loop).
    /// </summary>
    public sealed record LogIn(RouteDecision.Routed Route, Credentials Credentials, byte[] OurGreeting) : ConnectionEffect;

    /// <summary>Logged in: the login timer ends, the idle and relog timers start, and the pump moves bytes both ways.</summary>
    public sealed record StartPump(byte[] PendingToBackend) : ConnectionEffect;

    /// <summary>Stop the pump (idle timeout, grace over); <see cref="ConnectionEvent.PumpEnded"/> follows.</summary>
    public sealed record StopPump : ConnectionEffect;

    /// <summary>A fact for the log and the audit trail.</summary>
    public sealed record Report(SessionReport What) : ConnectionEffect;

    /// <summary>End the connection: the audit trail's close records <paramref name="Reason"/> and the bytes pumped.</summary>
    public sealed record Stop(string Reason, long FromClient = 0, long ToClient = 0) : ConnectionEffect;
}
