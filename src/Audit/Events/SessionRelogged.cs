namespace ActorMailProxy.Audit.Events;

/// <summary>
/// A session logged in earlier is still open (perdition's <c>--connect_relog</c>): its client address counts as
/// freshly logged in again for POP-before-SMTP, so a mail client that stays connected keeps its relay permission.
/// </summary>
public sealed record SessionRelogged(string EventId, string Node, DateTimeOffset Time, AuditSession Session)
    : AuditEvent(EventId, Node, Time, Session);
