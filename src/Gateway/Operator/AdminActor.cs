using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using ActorMailProxy.Audit.Delivery;
using ActorMailProxy.Audit.ReadModel;
using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Routing.Limits;
using ActorMailProxy.Routing.UserMap;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>
/// Each node's /user/admin: carries out the operator commands (<c>map flush</c>, <c>cluster status</c>) that the
/// command line sends from outside the cluster, and answers the other members' admin actors.
/// </summary>
public sealed class AdminActor : ReceiveActor
{
    public const string Name = "admin";

    private readonly ICachedUserMap _userMap;
    private readonly Func<int> _openConnections;
    private readonly IAuditTrail _audit;
    private readonly ILastLogins _lastLogins;
    private readonly ILimitShares _limits;
    private readonly AdminSettings _settings;
    private readonly MemberAdmins _members;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public AdminActor(ICachedUserMap userMap, Func<int> openConnections, IAuditTrail audit, ILastLogins lastLogins, ILimitShares limits, AdminSettings settings)
    {
        _lastLogins = lastLogins;
        _userMap = userMap;
        _openConnections = openConnections;
        _audit = audit;
        _limits = limits;
        _settings = settings;
        _members = new MemberAdmins(Context.System, settings.MemberTimeout);
        Receive<FlushUser>(OnFlushUser);
        Receive<FlushAll>(_ => OnFlushAll());
        Receive<FlushNode>(_ => OnFlushNode());
        Receive<FlushUserOnNode>(OnFlushUserOnNode);
        Receive<GetClusterStatus>(_ => OnGetClusterStatus());
        Receive<GetNodeStatus>(_ => Sender.Tell(OwnStatus()));
        Receive<GetLimit>(OnGetLimit);
        Receive<GetLastLogin>(OnGetLastLogin);
    }

    /// <param name="openConnections">This node's open client connections, read when asked.</param>
    public static Props Props(ICachedUserMap userMap, Func<int> openConnections, IAuditTrail audit, ILastLogins lastLogins, ILimitShares limits,
        AdminSettings settings) =>
        Akka.Actor.Props.Create(() => new AdminActor(userMap, openConnections, audit, lastLogins, limits, settings));

    private string SelfNode => _cluster.SelfAddress.ToString();

    private List<Address> UpMembers() => [.. _cluster.State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address)];

    private void OnFlushUser(FlushUser flush)
    {
        _log.Info("map flush: dropping the cached answer for \"{0}\"", flush.Key);
        var node = SelfNode;
        FlushEverywhereAsync(flush.Key, UpMembers()).PipeTo(
            Sender,
            success: silent => new UserFlushed(flush.Key, node) { Silent = silent },
            failure: e => new AdminFailure($"the user map did not drop \"{flush.Key}\": {e.GetBaseException().Message}"));
    }

    /// <summary>
    /// The entity's answer first, then each node's copy: a node that asks in between gets its answer from the
    /// cleared entity, and a lookup a node has under way when its copy goes is not kept. Returns the silent nodes.
    /// </summary>
    private async Task<IReadOnlyList<string>> FlushEverywhereAsync(string key, IReadOnlyList<Address> nodes)
    {
        await _userMap.InvalidateSharedAsync(key, CancellationToken.None).ConfigureAwait(false);
        var answered = await _members.AskEachAsync<NodeFlushed>(nodes, new FlushUserOnNode(key)).ConfigureAwait(false);
        return [.. nodes.Where(n => !answered.ContainsKey(n)).Select(n => n.ToString())];
    }

    private void OnFlushUserOnNode(FlushUserOnNode flush)
    {
        _userMap.InvalidateOnNode(flush.Key);
        Sender.Tell(new NodeFlushed(SelfNode));
    }

    private void OnFlushAll()
    {
        var nodes = UpMembers();
        FlushEachNodeTwiceAsync(nodes).PipeTo(
            Sender,
            success: flushed => new AllFlushed(
                [.. nodes.Where(flushed.Contains).Select(n => n.ToString())],
                [.. nodes.Where(n => !flushed.Contains(n)).Select(n => n.ToString())]));
    }

    /// <summary>
    /// Twice round: a node's cache may refill from another node's entity that was not yet cleared; by the second
    /// round every entity that answered is. Returns the nodes that confirmed both.
    /// </summary>
    private async Task<HashSet<Address>> FlushEachNodeTwiceAsync(List<Address> nodes)
    {
        var first = await _members.AskEachAsync<NodeFlushed>(nodes, FlushNode.Instance).ConfigureAwait(false);
        var second = await _members.AskEachAsync<NodeFlushed>(nodes, FlushNode.Instance).ConfigureAwait(false);
        return [.. nodes.Where(n => first.ContainsKey(n) && second.ContainsKey(n))];
    }

    /// <summary>As a SIGHUP reload does: each node clears its cache and the entities it hosts.</summary>
    private void OnFlushNode()
    {
        _log.Info("map flush: dropping every cached user-map answer on this node");
        _userMap.InvalidateAll();
        Sender.Tell(new NodeFlushed(SelfNode));
    }

    private void OnGetClusterStatus()
    {
        var state = _cluster.State;
        var reachable = state.Members.Where(m => !state.Unreachable.Contains(m)).Select(m => m.Address);
        var answeredBy = SelfNode;
        _members.AskEachAsync<NodeStatus>(reachable, GetNodeStatus.Instance).PipeTo(
            Sender,
            success: reports => new ClusterStatusReport(answeredBy, MemberRows.From(state, reports)));
    }

    private void OnGetLimit(GetLimit query) => _limits.StatusAsync(query.Key, _settings.MemberTimeout).PipeTo(Sender);

    /// <summary>The audit index is a table in the journal's database: asked there, the reply piped back, the actor free meanwhile.</summary>
    private void OnGetLastLogin(GetLastLogin query)
    {
        var self = SelfNode;
        _lastLogins.FindAsync(query.User).PipeTo(Sender,
            success: answer => new LastLoginReport(query.User, answer.Login, answer.CaughtUp, self),
            failure: e => new AdminFailure($"the audit index could not be read: {e.GetBaseException().Message}"));
    }

    private NodeStatus OwnStatus() => new(SelfNode, _openConnections(), _audit.Waiting, _audit.Dropped, _limits.Totals());
}
