namespace ActorMailProxy.Gateway.Admin;

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
