namespace ActorMailProxy.Gateway.Admin;

/// <summary>
/// What one node says about itself. Add what else a node should report as further properties with defaults, and
/// append them in <see cref="AdminSerializer"/>: a node that does not know them yet then still reads the rest.
/// </summary>
/// <paramref name="AuditWaiting"/>: this node's audit events not yet stored; <paramref name="AuditDropped"/>: dropped since it started (buffer full).
public sealed record NodeStatus(string Node, int OpenConnections, int AuditWaiting = 0, long AuditDropped = 0) : IAdminMessage;
