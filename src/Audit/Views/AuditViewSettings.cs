using System.Net;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Projections;
using ActorMailProxy.Audit.ReadModel;

namespace ActorMailProxy.Audit.Views;

/// <summary>
/// <paramref name="Journal"/>: where the log is stored (the audit index is kept in the same database);
/// <paramref name="PopBeforeSmtpTtl"/>: how long after a login its client address may relay; <paramref name="Index"/>:
/// how the audit index is written; <paramref name="Policy"/>: where this node's Postfix policy service listens, or null
/// for none; <paramref name="Feed"/>: the file every stored event is appended to as a line (<c>-</c> for stdout), or
/// null for none, in <paramref name="FeedFormat"/>.
/// </summary>
public sealed record AuditViewSettings(
    JournalSpec Journal,
    TimeSpan PopBeforeSmtpTtl,
    AuditIndexSettings Index,
    IPEndPoint? Policy = null,
    string? Feed = null,
    AuditFeedFormat FeedFormat = AuditFeedFormat.Perdition);
