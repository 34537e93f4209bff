using ActorMailProxy.Audit.ReadModel;
using ActorMailProxy.Routing.Limits;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>Marks the operator commands' messages, so one serializer binding (reference.conf) covers them all.</summary>
public interface IAdminMessage;

/// <summary>
/// <c>map flush USER</c>: drops the cached user-map answer for <paramref name="Key"/> at its entity, wherever that
/// lives, and from every node's cache; the reply is <see cref="UserFlushed"/> or <see cref="AdminFailure"/>.
/// </summary>
public sealed record FlushUser(string Key) : IAdminMessage;

/// <summary>
/// The cached answer for <paramref name="Key"/> is gone; <paramref name="Node"/> is the node that carried the command
/// out. <see cref="Silent"/>: Up members that did not confirm dropping their copy in time (they may serve it until it expires).
/// </summary>
public sealed record UserFlushed(string Key, string Node) : IAdminMessage
{
    public IReadOnlyList<string> Silent { get; init; } = [];

    public bool Complete => Silent.Count == 0;
}

/// <summary>From one node's admin actor to each member's: drop your cache's answer for <paramref name="Key"/>; the reply is <see cref="NodeFlushed"/>.</summary>
public sealed record FlushUserOnNode(string Key) : IAdminMessage;

/// <summary><c>map flush</c>: every node drops every cached answer; the reply is <see cref="AllFlushed"/>.</summary>
public sealed record FlushAll : IAdminMessage
{
    public static readonly FlushAll Instance = new();
}

/// <summary>Which Up members acknowledged <see cref="FlushNode"/> in time, and which did not (their caches may still hold answers).</summary>
public sealed record AllFlushed(IReadOnlyList<string> Answered, IReadOnlyList<string> Silent) : IAdminMessage
{
    public bool Complete => Silent.Count == 0;
}

/// <summary>From one node's admin actor to each member's: drop every cached answer on your node; the reply is <see cref="NodeFlushed"/>.</summary>
public sealed record FlushNode : IAdminMessage
{
    public static readonly FlushNode Instance = new();
}

/// <summary><paramref name="Node"/> has dropped the answers it was told to from its cache (and, for <see cref="FlushNode"/>, its entities).</summary>
public sealed record NodeFlushed(string Node) : IAdminMessage;

/// <summary><c>cluster status</c>: the members as the asked node sees them, each with its own report; the reply is <see cref="ClusterStatusReport"/>.</summary>
public sealed record GetClusterStatus : IAdminMessage
{
    public static readonly GetClusterStatus Instance = new();
}

/// <summary>The reply to <see cref="GetClusterStatus"/>: one row per member, in address order, from <paramref name="AnsweredBy"/>'s view.</summary>
public sealed record ClusterStatusReport(string AnsweredBy, IReadOnlyList<MemberRow> Members) : IAdminMessage;

/// <summary>
/// One member as the answering node sees it (address, status, roles, leader, oldest, reachable), with the member's
/// own <see cref="NodeStatus"/>, or null when it was unreachable or did not answer in time.
/// </summary>
public sealed record MemberRow(
    string Address,
    string Status,
    IReadOnlyList<string> Roles,
    bool IsLeader,
    bool IsOldest,
    bool IsReachable,
    NodeStatus? Node);

/// <summary>From one node's admin actor to each member's: report on yourself; the reply is <see cref="NodeStatus"/>.</summary>
public sealed record GetNodeStatus : IAdminMessage
{
    public static readonly GetNodeStatus Instance = new();
}

/// <summary>
/// What one node says about itself. Add what else a node should report as further properties with defaults, and
/// append them in <see cref="AdminSerializer"/>: a node that does not know them yet then still reads the rest.
/// </summary>
/// <paramref name="AuditWaiting"/>: this node's audit events not yet stored; <paramref name="AuditDropped"/>: dropped since it started (buffer full);
/// <paramref name="Limits"/>: the places this node holds under the cluster-wide limits, borrowed and lent.
public sealed record NodeStatus(string Node, int OpenConnections, int AuditWaiting = 0, long AuditDropped = 0, LedgerTotals? Limits = null) : IAdminMessage;

/// <summary>
/// <c>cluster limit KEY</c>: how many places of a limit key (<c>total</c>, <c>ip:ADDRESS</c>, <c>user:NAME</c>) each
/// member holds, its share, borrowed and lent; the reply is <see cref="LimitStatus"/>.
/// </summary>
public sealed record GetLimit(string Key) : IAdminMessage;

/// <summary>
/// <c>cluster last-login USER</c>: the user's latest successful login anywhere in the cluster, from the asked node's
/// projection of the audit log; the reply is <see cref="LastLoginReport"/>.
/// </summary>
public sealed record GetLastLogin(string User) : IAdminMessage;

/// <summary>
/// The answer to <see cref="GetLastLogin"/>: <paramref name="Login"/> is null when the audit log holds no successful
/// login of <paramref name="User"/>; <paramref name="CaughtUp"/> is false while the node is still reading the journal
/// (then a missing login may only not have been read yet).
/// </summary>
public sealed record LastLoginReport(string User, LastLogin? Login, bool CaughtUp, string AnsweredBy) : IAdminMessage;

/// <summary>A command the node could not carry out, and why (for the operator; never holds a secret).</summary>
public sealed record AdminFailure(string Reason) : IAdminMessage;
