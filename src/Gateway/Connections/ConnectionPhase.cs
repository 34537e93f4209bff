namespace ActorMailProxy.Gateway.Connections;

/// <summary>Where a connection is in its life, from accept to close (DESIGN's steps 1 to 6).</summary>
public enum ConnectionPhase
{
    /// <summary>Accepted and counted; the actor has not started yet.</summary>
    Accepted,

    /// <summary>Waiting for the limits to admit the connection (total, its address); nothing is read yet.</summary>
    Admitting,

    /// <summary>A TLS handshake with the client is under way; nothing is read or written in plaintext meanwhile.</summary>
    Handshaking,

    /// <summary>Not logged in: one read is outstanding and commands are answered as they come.</summary>
    Reading,

    /// <summary>A login: finding the user's server.</summary>
    Resolving,

    /// <summary>A login: waiting for the per-user limit, before the backend is asked.</summary>
    AdmittingUser,

    /// <summary>A login: connecting and logging in at the backend with the client's credentials.</summary>
    LoggingIn,

    /// <summary>Logged in: the pump moves bytes until one side closes.</summary>
    Pumping,

    /// <summary>Ending: nothing more is done, whatever arrives.</summary>
    Closed,
}
