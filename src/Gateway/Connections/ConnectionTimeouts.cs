namespace ActorMailProxy.Gateway.Connections;

/// <summary>
/// <paramref name="Authenticate"/>: time allowed to log in; <paramref name="Idle"/>: idle time after login (perdition's -t);
/// <paramref name="ClientWrite"/>: bound on one write to a client that does not read; <paramref name="Relog"/>: how often a
/// logged-in session records its login again (perdition's --connect_relog), zero for never.
/// </summary>
public sealed record ConnectionTimeouts(TimeSpan Authenticate, TimeSpan Idle, TimeSpan ClientWrite, TimeSpan Relog = default);
