using Akka.Actor;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.LogLines;
using ActorMailProxy.Audit.PopBeforeSmtp;
using ActorMailProxy.Audit.Projections;
using ActorMailProxy.Audit.ReadModel;
using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.Views;

/// <summary>
/// What a node keeps from the cluster's audit log: the POP-before-SMTP table (and the Postfix policy service answering
/// from it), rebuilt at start from the events of the last TTL and then kept current, and, when asked for, the feed of
/// lines. Each user's last login is asked of the audit index, which one node of the cluster keeps (a singleton).
/// </summary>
public sealed partial class AuditViews : IAsyncDisposable
{
    private readonly AuditProjections _projections;
    private readonly AuditFeed? _feed;

    /// <summary>How much earlier than the TTL the table starts reading: the nodes' clocks may differ this much.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private AuditViews(PopBeforeSmtpTable popBeforeSmtp, ILastLogins lastLogins, AuditFeed? feed, AuditProjections projections, PolicyServer? policy)
    {
        PopBeforeSmtp = popBeforeSmtp;
        LastLogins = lastLogins;
        _feed = feed;
        _projections = projections;
        Policy = policy;
    }

    public PopBeforeSmtpTable PopBeforeSmtp { get; }

    public ILastLogins LastLogins { get; }

    /// <summary>This node's Postfix policy service (--pop_before_smtp_policy), or null.</summary>
    public PolicyServer? Policy { get; }

    /// <summary>Events read from the journal since start (those of the last TTL, then every new one).</summary>
    public long Applied => _projections.Applied;

    public static async Task<AuditViews> StartAsync(ActorSystem system, AuditViewSettings settings, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger<AuditViews>();
        var table = new PopBeforeSmtpTable(settings.PopBeforeSmtpTtl);
        var journal = settings.Journal;
        AuditFeed? feed = null;
        if (settings.Feed is { } path)
        {
            feed = AuditFeed.Open(path, FeedLine(settings.FeedFormat));
            Log.Feeding(logger, path == "-" ? "stdout" : path, settings.FeedFormat);
        }
        IAuditProjection[] projections = feed is null ? [table] : [table, feed];
        // Events written before the last TTL (and the clocks' skew) can no longer let anyone relay: the table does not read them.
        var start = AuditProjections.Start(system, projections,
            () => JournalDatabase.OffsetBeforeAsync(journal, DateTimeOffset.UtcNow - settings.PopBeforeSmtpTtl - ClockSkew, CancellationToken.None));
        AuditIndex.StartProjector(system, journal, settings.Index);
        var lastLogins = new AuditIndexSearch(journal, (bytes, serializer, manifest) => system.Serialization.Deserialize(bytes, serializer, manifest));
        var views = new AuditViews(table, lastLogins, feed, start, PolicyFor(settings, table, loggers));
        if (views.Policy is { } policy)
        {
            await policy.StartAsync();
            Log.PolicyService(logger, policy.LocalEndpoint, settings.PopBeforeSmtpTtl.TotalSeconds);
        }
        return views;
    }

    public async ValueTask DisposeAsync()
    {
        if (Policy is not null)
        {
            await Policy.DisposeAsync();
        }
        _projections.Stop();
        _feed?.Dispose();
    }

    private static PolicyServer? PolicyFor(AuditViewSettings settings, PopBeforeSmtpTable table, ILoggerFactory loggers) =>
        settings.Policy is { } endpoint ? new PolicyServer(endpoint, table, loggers.CreateLogger<PolicyServer>()) : null;

    private static Func<AuditEvent, string> FeedLine(AuditFeedFormat format) => format switch
    {
        AuditFeedFormat.Json => AuditEventLines.Json,
        _ => AuditEventLines.Perdition,
    };
}
