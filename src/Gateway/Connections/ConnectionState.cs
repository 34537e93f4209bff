using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Resolution;
using ActorMailProxy.Protocols.Sessions;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>
/// One connection's state between two events. The protocol session and its input are the stateful parsers of
/// <c>src/Protocols</c> (commands read so far, bad commands, failed logins); everything else is here as values.
/// </summary>
public sealed record ConnectionState
{
    public required ConnectionSetup Setup { get; init; }

    public ConnectionPhase Phase { get; init; } = ConnectionPhase.Accepted;

    /// <summary>The pre-login session; null once logged in.</summary>
    public IClientSession? Session { get; init; }

    /// <summary>Client bytes not yet consumed by the session; null once logged in.</summary>
    public InputBuffer? Input { get; init; }

    public TransportSecurity ClientSecurity { get; init; } = TransportSecurity.Plaintext;

    /// <summary>The credentials of the login under way, or of the logged-in session.</summary>
    public Credentials? Credentials { get; init; }

    /// <summary>Where the login under way (or the session) goes, once known.</summary>
    public RouteDecision.Routed? Route { get; init; }

    /// <summary>Said, and the connection closed, when the login under way fails (login time over, shutdown).</summary>
    public string? ByeWhenLoginEnds { get; init; }

    /// <summary>A limit refused the connection on an implicit-TLS listener: said once the handshake is done.</summary>
    public string? Refusal { get; init; }

    public bool IdleTimedOut { get; init; }

    public static ConnectionState Accept(ConnectionSetup setup, SessionOptions session) => new()
    {
        Setup = setup,
        Session = ClientSessions.For(setup.Protocol, session),
        Input = ClientSessions.NewInput(session),
    };
}
