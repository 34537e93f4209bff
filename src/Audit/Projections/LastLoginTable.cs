using System.Collections.Concurrent;
using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.Projections;

/// <summary>A user's latest successful login: when, from where, through which node, to which backend.</summary>
public sealed record LastLogin(string User, DateTimeOffset Time, string Client, string Node, string? Backend, string Protocol);

/// <summary>
/// Each user's latest successful login anywhere in the cluster, a projection of the audit log. Users are found by the
/// name they gave and by the name they were mapped to, without regard to case.
/// </summary>
public sealed class LastLoginTable : IAuditProjection
{
    private readonly ConcurrentDictionary<string, LastLogin> _byUser = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool _caughtUp;

    public bool IsCaughtUp => _caughtUp;

    public int Count => _byUser.Count;

    public void Apply(AuditEvent e, bool live)
    {
        if (e is not LoginSucceeded { Session.User: { } user } login)
        {
            return;
        }
        var last = new LastLogin(user, login.Time, login.Session.Client, login.Node, login.Session.Backend, login.Session.Protocol);
        Keep(user, last);
        if (login.Session.MappedUser is { } mapped && !string.Equals(mapped, user, StringComparison.OrdinalIgnoreCase))
        {
            Keep(mapped, last);
        }
    }

    public void CaughtUp(DateTimeOffset now) => _caughtUp = true;

    public LastLogin? Find(string user) => _byUser.GetValueOrDefault(user);

    private void Keep(string user, LastLogin last) =>
        _byUser.AddOrUpdate(user, last, (_, held) => held.Time > last.Time ? held : last);
}
