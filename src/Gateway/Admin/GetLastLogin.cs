namespace ActorMailProxy.Gateway.Admin;

/// <summary>
/// <c>cluster last-login USER</c>: the user's latest successful login anywhere in the cluster, from the asked node's
/// projection of the audit log; the reply is <see cref="LastLoginReport"/>.
/// </summary>
public sealed record GetLastLogin(string User) : IAdminMessage;
