namespace ActorMailProxy.Gateway.Admin;

/// <summary>A command the node could not carry out, and why (for the operator; never holds a secret).</summary>
public sealed record AdminFailure(string Reason) : IAdminMessage;
