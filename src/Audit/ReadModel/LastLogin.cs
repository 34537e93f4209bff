using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.ReadModel;

/// <summary>A user's latest successful login: when, from where, through which node, to which backend.</summary>
public sealed record LastLogin(string User, DateTimeOffset Time, string Client, string Node, string? Backend, string Protocol)
{
    public static LastLogin From(LoginSucceeded login) =>
        new(login.Session.User ?? "", login.Time, login.Session.Client, login.Node, login.Session.Backend, login.Session.Protocol);
}

/// <summary>
/// What the audit index says of a user's last login: <paramref name="Login"/> null when it holds none; <paramref name="CaughtUp"/>
/// false while it is still reading events stored more than a few seconds ago (after an upgrade, or its node's death).
/// </summary>
public sealed record LastLoginAnswer(LastLogin? Login, bool CaughtUp);

/// <summary>Each user's latest successful login anywhere in the cluster, found by the name given or mapped to, in any case.</summary>
public interface ILastLogins
{
    Task<LastLoginAnswer> FindAsync(string user, CancellationToken cancel = default);
}
