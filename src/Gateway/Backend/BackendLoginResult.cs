using ActorMailProxy.Protocols;

namespace ActorMailProxy.Gateway.Backend;

/// <summary>The outcome of connecting and logging in to a backend.</summary>
public abstract record BackendLoginResult
{
    private BackendLoginResult() { }

    public sealed record LoggedIn(BackendConnection Connection) : BackendLoginResult;

    /// <summary><paramref name="LogReason"/> goes to our log (status="failed: …"); the client sees only what <paramref name="Failure"/> allows.</summary>
    public sealed record NotLoggedIn(LoginFailure Failure, string LogReason) : BackendLoginResult;
}
