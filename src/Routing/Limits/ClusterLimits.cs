using System.Net;
using Akka.Actor;
using Akka.Cluster;

namespace ActorMailProxy.Routing.Limits;

/// <summary>
/// Admission under the cluster-wide limits: asks the sharded keepers of the connection's keys at once and waits at
/// most <see cref="LimitSettings.AdmissionTimeout"/>; a keeper that does not answer in time admits or refuses as
/// <see cref="LimitSettings.FailOpen"/> says. With no limit set nothing is asked and nothing is held.
/// </summary>
public sealed class ClusterLimits : IConnectionLimits, ILimitKeepers
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

    /// <summary>
    /// Every node runs the keepers' region and answers for the leases it holds, limits set or not: a keeper
    /// recovering asks every member, and the limits are the cluster's, whatever this node's own settings say.
    /// </summary>
    public static async Task<ClusterLimits> StartAsync(ActorSystem system, LimitSettings settings)
    {
        var node = NodeId.Of(Cluster.Get(system).SelfUniqueAddress);
        var registry = new LeaseRegistry();
        system.ActorOf(LeaseRegistryActor.Props(registry, node), LeaseRegistryActor.Name);
        var region = await LimitKeeperRegion.StartAsync(system).ConfigureAwait(false);
        return new ClusterLimits(region, registry, node, settings);
    }

    public static string IpKey(IPAddress client) => "ip:" + (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client);

    public static string UserKey(string user) => "user:" + user.ToLowerInvariant();

    /// <summary>A lease per connection only when a limit is set: an idle connection without limits carries nothing for them.</summary>
    public IConnectionPlaces Enter() => _settings.Any ? new ClusterLease(this, $"{_node}/{Interlocked.Increment(ref _nextLease)}") : UnlimitedPlaces.Instance;

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

    internal ValueTask<Admission> AdmitAsync(ClusterLease lease, AdmissionRequest request, CancellationToken ct)
    {
        var wanted = Wanted(request);
        return wanted.Count == 0 ? new ValueTask<Admission>(Admission.Unlimited) : new ValueTask<Admission>(AcquireAsync(lease, wanted, ct));
    }

    internal void ReleasePlace(string key, string placeId)
    {
        Registry.Remove(key, placeId);
        _region.Tell(new ReleaseLease(key, placeId));
    }

    private List<(string Key, int Limit, string Text)> Wanted(AdmissionRequest request)
    {
        var wanted = new List<(string Key, int Limit, string Text)>(2);
        switch (request)
        {
            case AdmissionRequest.Connection { Client: var client }:
                if (_settings.Total > 0)
                {
                    wanted.Add((TotalKey, _settings.Total, "Too many connections, try again later."));
                }
                if (_settings.PerIp > 0 && !_settings.IsExempt(client))
                {
                    wanted.Add((IpKey(client), _settings.PerIp, "Too many connections from your address, try again later."));
                }
                break;
            case AdmissionRequest.User { Name: var user, Client: var client } when _settings.PerUser > 0 && !_settings.IsExempt(client):
                wanted.Add((UserKey(user), _settings.PerUser, "Too many sessions for this user, try again later."));
                break;
        }
        return wanted;
    }

    private async Task<Admission> AcquireAsync(ClusterLease lease, List<(string Key, int Limit, string Text)> wanted, CancellationToken ct)
    {
        var asks = new List<(string Key, string PlaceId, string Text, Task<LeaseDecision?> Decision)>(wanted.Count);
        foreach (var (key, limit, text) in wanted)
        {
            if (lease.Add(key) is not { } placeId)
            {
                return new Admission.Refused(new LimitRefusal(key, text));
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
        var places = new GrantedPlaces(lease, [.. asks.Select(a => (a.Key, a.PlaceId))]);
        if (refusal is not null)
        {
            places.Dispose();
            return new Admission.Refused(refusal);
        }
        return new Admission.Admitted(places);
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

    /// <summary>The places one admission took; given back once, before the connection ends if it no longer needs them.</summary>
    private sealed class GrantedPlaces(ClusterLease lease, (string Key, string PlaceId)[] places) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                foreach (var (key, placeId) in places)
                {
                    lease.Remove(key, placeId);
                }
            }
        }
    }

    private sealed class UnlimitedPlaces : IConnectionPlaces
    {
        public static readonly UnlimitedPlaces Instance = new();

        public ValueTask<Admission> TryAdmitAsync(AdmissionRequest request, CancellationToken cancellationToken) => new(Admission.Unlimited);

        public void Dispose()
        {
        }
    }
}
