using System.Collections.Concurrent;
using System.Net;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Projections;

namespace ActorMailProxy.Audit.PopBeforeSmtp;

/// <summary>
/// POP-before-SMTP as a projection of the audit log: client address → when its relay permission expires, which is
/// <see cref="Ttl"/> after its latest successful login (or relog) anywhere in the cluster. Until the table has read the
/// journal up to the present it answers <see cref="RecentLogin.Unknown"/>, which the policy service takes as no.
/// Fed by one stream, read by many policy connections at once.
/// </summary>
public sealed class PopBeforeSmtpTable(TimeSpan ttl) : IRecentLogins, IAuditProjection
{
    private readonly ConcurrentDictionary<IPAddress, DateTimeOffset> _expiries = new();
    private volatile bool _caughtUp;
    private int _sincePrune;

    public TimeSpan Ttl => ttl;

    public bool LoginsOnly => true;

    /// <summary>Addresses held, expired ones included until the next <see cref="Prune"/>.</summary>
    public int Count => _expiries.Count;

    public void Apply(AuditEvent e, bool live)
    {
        if (e is not (LoginSucceeded or SessionRelogged) || e.Session.ClientAddress() is not { } address)
        {
            return;
        }
        var expiry = e.Time + ttl;
        _expiries.AddOrUpdate(address, expiry, (_, held) => held >= expiry ? held : expiry);
        // Expired addresses go now and then, so the table holds the last TTL's addresses and at most this many more.
        if (++_sincePrune >= PruneEvery)
        {
            _sincePrune = 0;
            Prune(DateTimeOffset.UtcNow);
        }
    }

    /// <summary>Logins applied between two sweeps of expired addresses.</summary>
    public const int PruneEvery = 1024;

    public void CaughtUp(DateTimeOffset now)
    {
        Prune(now);
        _caughtUp = true;
    }

    public RecentLogin Lookup(IPAddress client, DateTimeOffset now)
    {
        if (!_caughtUp)
        {
            return RecentLogin.Unknown;
        }
        return _expiries.TryGetValue(Normal(client), out var expiry) && expiry > now ? RecentLogin.Recent : RecentLogin.None;
    }

    /// <summary>Forgets expired addresses, so the table holds only the last <see cref="Ttl"/>'s logins.</summary>
    public int Prune(DateTimeOffset now)
    {
        var pruned = 0;
        foreach (var (address, expiry) in _expiries)
        {
            if (expiry <= now && _expiries.TryRemove(KeyValuePair.Create(address, expiry)))
            {
                pruned++;
            }
        }
        return pruned;
    }

    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
