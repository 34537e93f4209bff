namespace ActorMailProxy.Protocols;

/// <summary>Why a login did not reach an authenticated backend; each protocol turns it into its own error reply.</summary>
public abstract record LoginFailure
{
    private LoginFailure() { }

    /// <summary>The credentials were refused (by the backend, or no route exists). <paramref name="BackendText"/> is the backend's reply text after its status word, relayed to the client when present.</summary>
    public sealed record Rejected(string? BackendText) : LoginFailure;

    /// <summary>Something is down or misbehaving (map source, backend connect, garbage greeting): try again later.</summary>
    public sealed record Unavailable(string Reason) : LoginFailure;

    /// <summary>A connection limit is reached (e.g. the user's sessions): the credentials were right, try again later.</summary>
    public sealed record LimitReached(string Reason) : LoginFailure;

    /// <summary>Refused by policy or configuration: login disabled, proxy loop, limit reached.</summary>
    public sealed record Refused(string Reason) : LoginFailure;
}
