using System.Net;
using Akka.Actor;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Limits;

/// <summary>Which limit said no, with the text the client is told.</summary>
public sealed record LimitRefusal(string Key, string Text)
{
    /// <summary>No keeper answered (in time, or at all): refused without a decision, as when failing closed.</summary>
    public static LimitRefusal Unchecked(string key) => new(key, "Connection limits cannot be checked now, try again later.");
}

/// <summary>
/// Admission under the cluster-wide limits: asks the sharded keepers of the connection's keys at once and waits at
/// most <see cref="LimitSettings.AdmissionTimeout"/>; a keeper that does not answer in time admits or refuses as
/// <see cref="LimitSettings.FailOpen"/> says. With no limit set nothing is asked and nothing is held.
/// </summary>
public sealed class ClusterLimits
{
    public const string TotalKey = "total";

    private readonly IActorRef _region;
    private readonly string _node;
    private readonly LimitSettings _settings;
    private long _nextLease;

    public ClusterLimits(IActorRef region, LeaseRegistry registry, string node, LimitSettings settings)
    {
        _region = region;
        Registry = registry;
        _node = node;
        _settings = settings;
    }

    internal LeaseRegistry Registry { get; }

    public bool LimitsConnections => _settings.Total > 0 || _settings.PerIp > 0;

    public bool LimitsUsers => _settings.PerUser > 0;

    public static string IpKey(IPAddress client) => "ip:" + (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client);

    public static string UserKey(string user) => "user:" + user.ToLowerInvariant();

    /// <summary>A new lease, holding nothing yet: it is what a connection disposes when it ends.</summary>
    public ClusterLease NewLease() => new(this, $"{_node}/{Interlocked.Increment(ref _nextLease)}");

    /// <summary>The total and per-IP places for a connection just accepted; null when admitted.</summary>
    public Task<LimitRefusal?> AdmitConnectionAsync(ClusterLease lease, IPAddress client, CancellationToken ct)
    {
        var wanted = new List<(string Key, int Limit, string Text)>(2);
        if (_settings.Total > 0)
        {
            wanted.Add((TotalKey, _settings.Total, "Too many connections, try again later."));
        }
        if (_settings.PerIp > 0 && !_settings.IsExempt(client))
        {
            wanted.Add((IpKey(client), _settings.PerIp, "Too many connections from your address, try again later."));
        }
        return AcquireAsync(lease, wanted, ct);
    }

    /// <summary>The user's place, once the real server has accepted the login; null when admitted.</summary>
    public Task<LimitRefusal?> AdmitUserAsync(ClusterLease lease, string user, IPAddress client, CancellationToken ct) =>
        _settings.PerUser > 0 && !_settings.IsExempt(client)
            ? AcquireAsync(lease, [(UserKey(user), _settings.PerUser, "Too many sessions for this user, try again later.")], ct)
            : Task.FromResult<LimitRefusal?>(null);

    /// <summary>How many places the keeper of <paramref name="key"/> holds and where it runs; null when it does not answer in time.</summary>
    public async Task<LimitStatus?> StatusAsync(string key, TimeSpan timeout)
    {
        try
        {
            return await _region.Ask<LimitStatus>(new LimitStatusQuery(key), timeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    internal void ReleasePlace(string key, string placeId)
    {
        Registry.Remove(key, placeId);
        _region.Tell(new ReleaseLease(key, placeId));
    }

    private async Task<LimitRefusal?> AcquireAsync(ClusterLease lease, List<(string Key, int Limit, string Text)> wanted, CancellationToken ct)
    {
        if (wanted.Count == 0)
        {
            return null;
        }
        var asks = new List<(string Key, string PlaceId, string Text, Task<LeaseDecision?> Decision)>(wanted.Count);
        foreach (var (key, limit, text) in wanted)
        {
            if (lease.Add(key) is not { } placeId)
            {
                return new LimitRefusal(key, text);
            }
            asks.Add((key, placeId, text, AskAsync(new AcquireLease(key, placeId, _node, limit), ct)));
        }
        LimitRefusal? refusal = null;
        foreach (var (key, placeId, text, decision) in asks)
        {
            var answer = await decision.ConfigureAwait(false);
            if (answer is { Granted: true } || (answer is null && _settings.FailOpen))
            {
                // In use (admitted without an answer too): a keeper that recovers counts it as held, and it is
                // released when the connection ends, like any other.
                Registry.MarkGranted(key, placeId);
                continue;
            }
            refusal ??= answer is null ? LimitRefusal.Unchecked(key) : new LimitRefusal(key, text);
        }
        if (refusal is not null)
        {
            foreach (var (key, placeId, _, _) in asks)
            {
                lease.Remove(key, placeId);
            }
        }
        return refusal;
    }

    private async Task<LeaseDecision?> AskAsync(AcquireLease acquire, CancellationToken ct)
    {
        try
        {
            return await _region.Ask<LeaseDecision>(acquire, _settings.AdmissionTimeout, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return null;
        }
    }
}
