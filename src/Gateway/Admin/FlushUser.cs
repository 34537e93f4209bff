namespace ActorMailProxy.Gateway.Admin;

/// <summary>
/// <c>map flush USER</c>: drops the cached user-map answer for <paramref name="Key"/> wherever its entity lives;
/// the reply is <see cref="UserFlushed"/> or <see cref="AdminFailure"/>.
/// </summary>
public sealed record FlushUser(string Key) : IAdminMessage;
