using System.Net;
using Akka.Actor;
using Akka.Cluster;

namespace ActorMailProxy.Routing.Limits;

/// <summary>
/// Admission under the cluster-wide limits from this node's share of each key (<see cref="LimitLedger"/>): no other
/// node is asked while the share has room. A full share waits at most <see cref="LimitSettings.AdmissionTimeout"/>
/// for other members to lend a place. With no limit set nothing is counted and nothing is held.
/// </summary>
public sealed class ClusterLimits : IConnectionLimits, ILimitShares
{
    public const string TotalKey = "total";

    private readonly ActorSystem _system;
    private readonly LimitLedger _ledger;
    private readonly IActorRef _actor;
    private readonly LimitSettings _settings;

    private ClusterLimits(ActorSystem system, LimitLedger ledger, IActorRef actor, LimitSettings settings)
    {
        _system = system;
        _ledger = ledger;
        _actor = actor;
        _settings = settings;
    }

    /// <summary>
    /// Every node runs its ledger, limits set or not: the limits are the cluster's, and the others may borrow from it.
    /// Returns once the members this node found have told it what they owe it (at once when this node sets no limit).
    /// </summary>
    public static async Task<ClusterLimits> StartAsync(ActorSystem system, LimitSettings settings)
    {
        var ledger = new LimitLedger(NodeId.Of(Cluster.Get(system).SelfUniqueAddress));
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = system.ActorOf(LimitLedgerActor.Props(ledger, settings, caughtUp), LimitLedgerActor.Name);
        system.ActorOf(StandstillGuard.Props(ledger), StandstillGuard.Name);
        if (settings.Any)
        {
            await caughtUp.Task.ConfigureAwait(false);
        }
        return new ClusterLimits(system, ledger, actor, settings);
    }

    public static string IpKey(IPAddress client) => "ip:" + (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client);

    public static string UserKey(string user) => "user:" + user.ToLowerInvariant();

    /// <summary>Places per connection only when a limit is set: an idle connection without limits carries nothing for them.</summary>
    public IConnectionPlaces Enter() => _settings.Any ? new ConnectionPlaces(this) : UnlimitedPlaces.Instance;

    public LedgerTotals Totals() => _ledger.Totals();

    /// <summary>Every reachable member's part of <paramref name="key"/>; members that do not answer in time are named silent.</summary>
    public async Task<LimitStatus> StatusAsync(string key, TimeSpan timeout)
    {
        var limit = LimitOf(key);
        var state = Cluster.Get(_system).State;
        var members = state.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving).ToList();
        var asks = members.Select(async m =>
        {
            try
            {
                var ledger = _system.ActorSelection(new RootActorPath(m.Address) / "user" / LimitLedgerActor.Name);
                return (Node: NodeId.Of(m.UniqueAddress), Report: await ledger.Ask<ShareReport>(new ShareQuery(key, limit), timeout).ConfigureAwait(false));
            }
            catch (AskTimeoutException)
            {
                return (Node: NodeId.Of(m.UniqueAddress), Report: (ShareReport?)null);
            }
        });
        var answers = await Task.WhenAll(asks).ConfigureAwait(false);
        return new LimitStatus(key, limit,
            [.. answers.Where(a => a.Report is not null).Select(a => a.Report!)],
            [.. answers.Where(a => a.Report is null).Select(a => a.Node)]);
    }

    internal ValueTask<Admission> AdmitAsync(ConnectionPlaces places, AdmissionRequest request)
    {
        var wanted = Wanted(request);
        if (wanted.Count == 0)
        {
            return new ValueTask<Admission>(Admission.Unlimited);
        }
        var taken = new List<string>(wanted.Count);
        for (var i = 0; i < wanted.Count; i++)
        {
            var (key, limit, _) = wanted[i];
            switch (_ledger.Take(key, limit))
            {
                case Take.Taken when places.Hold(key):
                    taken.Add(key);
                    break;
                case Take.Taken or Take.Unchecked:
                    // Taken after the connection ended (given straight back), or not decidable here now.
                    return new ValueTask<Admission>(Refuse(places, taken, LimitRefusal.Unchecked(key)));
                default:
                    return new ValueTask<Admission>(BorrowAsync(places, wanted, i, taken));
            }
        }
        return new ValueTask<Admission>(new Admission.Admitted(new GrantedPlaces(places, taken)));
    }

    internal void Release(string key)
    {
        if (_ledger.Release(key))
        {
            _actor.Tell(new LimitLedgerActor.Attend(key));
        }
    }

    /// <summary>Key <paramref name="from"/> waits for a loan (the ledger counts it waiting); the keys after it are taken as usual.</summary>
    private async Task<Admission> BorrowAsync(ConnectionPlaces places, List<(string Key, int Limit, string Text)> wanted, int from, List<string> taken)
    {
        for (var i = from; i < wanted.Count; i++)
        {
            var (key, limit, text) = wanted[i];
            var answer = i == from ? await WaitAsync(key, limit).ConfigureAwait(false) : _ledger.Take(key, limit) switch
            {
                Take.Taken => true,
                Take.Unchecked => null,
                _ => await WaitAsync(key, limit).ConfigureAwait(false),
            };
            if (answer != true || !places.Hold(key))
            {
                return Refuse(places, taken, answer == false ? new LimitRefusal(key, text) : LimitRefusal.Unchecked(key));
            }
            taken.Add(key);
        }
        return new Admission.Admitted(new GrantedPlaces(places, taken));
    }

    private Task<bool?> WaitAsync(string key, int limit)
    {
        var answer = new TaskCompletionSource<bool?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _actor.Tell(new LimitLedgerActor.Wait(key, limit, answer));
        return answer.Task;
    }

    private static Admission.Refused Refuse(ConnectionPlaces places, List<string> taken, LimitRefusal refusal)
    {
        taken.ForEach(places.Release);
        return new Admission.Refused(refusal);
    }

    private int LimitOf(string key) =>
        key == TotalKey ? _settings.Total : key.StartsWith("ip:", StringComparison.Ordinal) ? _settings.PerIp : _settings.PerUser;

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

    /// <summary>The places one admission took; given back once, before the connection ends if it no longer needs them.</summary>
    private sealed class GrantedPlaces(ConnectionPlaces places, List<string> keys) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                keys.ForEach(places.Release);
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
