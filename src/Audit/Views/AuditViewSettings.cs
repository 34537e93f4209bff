using System.Net;
using ActorMailProxy.Audit.Projections;

namespace ActorMailProxy.Audit.Views;

/// <summary>
/// <paramref name="PopBeforeSmtpTtl"/>: how long after a login its client address may relay; <paramref name="Policy"/>:
/// where this node's Postfix policy service listens, or null for none; <paramref name="Feed"/>: the file every stored
/// event is appended to as a line (<c>-</c> for stdout), or null for none, in <paramref name="FeedFormat"/>.
/// </summary>
public sealed record AuditViewSettings(TimeSpan PopBeforeSmtpTtl, IPEndPoint? Policy = null, string? Feed = null, AuditFeedFormat FeedFormat = AuditFeedFormat.Perdition);
