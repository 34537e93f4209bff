namespace ActorMailProxy.Gateway.Admin;

/// <summary>
/// What one node says about itself. Add what else a node should report as further properties with defaults, and
/// append them in <see cref="AdminSerializer"/>: a node that does not know them yet then still reads the rest.
/// </summary>
public sealed record NodeStatus(string Node, int OpenConnections) : IAdminMessage;
