namespace ActorMailProxy.Gateway.Admin;

/// <summary>
/// <c>cluster limit KEY</c>: how many places the keeper of a limit key (<c>total</c>, <c>ip:ADDRESS</c>,
/// <c>user:NAME</c>) holds and on which node it runs; the reply is <see cref="Limits.LimitStatus"/> or <see cref="AdminFailure"/>.
/// </summary>
public sealed record GetLimit(string Key) : IAdminMessage;
