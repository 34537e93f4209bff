using ActorMailProxy.Audit.Projections;

namespace ActorMailProxy.Gateway.Admin;

/// <summary>
/// The answer to <see cref="GetLastLogin"/>: <paramref name="Login"/> is null when the audit log holds no successful
/// login of <paramref name="User"/>; <paramref name="CaughtUp"/> is false while the node is still reading the journal
/// (then a missing login may only not have been read yet).
/// </summary>
public sealed record LastLoginReport(string User, LastLogin? Login, bool CaughtUp, string AnsweredBy) : IAdminMessage;
