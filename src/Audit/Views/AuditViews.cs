using Akka.Actor;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.LogLines;
using ActorMailProxy.Audit.PopBeforeSmtp;
using ActorMailProxy.Audit.Projections;
using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.Views;

/// <summary>
/// What a node keeps from the cluster's audit log, rebuilt from the journal at start and then kept current: the
/// POP-before-SMTP table (and the Postfix policy service answering from it), each user's last login and, when asked
/// for, the feed of lines.
/// </summary>
public sealed partial class AuditViews : IAsyncDisposable
{
    private readonly AuditProjections _projections;
    private readonly AuditFeed? _feed;

    private AuditViews(PopBeforeSmtpTable popBeforeSmtp, LastLoginTable lastLogins, AuditFeed? feed, AuditProjections projections, PolicyServer? policy)
    {
        PopBeforeSmtp = popBeforeSmtp;
        LastLogins = lastLogins;
        _feed = feed;
        _projections = projections;
        Policy = policy;
    }

    public PopBeforeSmtpTable PopBeforeSmtp { get; }

    public LastLoginTable LastLogins { get; }

    /// <summary>This node's Postfix policy service (--pop_before_smtp_policy), or null.</summary>
    public PolicyServer? Policy { get; }

    /// <summary>Events read from the journal since start.</summary>
    public long Applied => _projections.Applied;

    public static async Task<AuditViews> StartAsync(ActorSystem system, AuditViewSettings settings, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger<AuditViews>();
        var table = new PopBeforeSmtpTable(settings.PopBeforeSmtpTtl);
        var lastLogins = new LastLoginTable();
        AuditFeed? feed = null;
        if (settings.Feed is { } path)
        {
            feed = AuditFeed.Open(path, FeedLine(settings.FeedFormat));
            Log.Feeding(logger, path == "-" ? "stdout" : path, settings.FeedFormat);
        }
        IAuditProjection[] projections = feed is null ? [table, lastLogins] : [table, lastLogins, feed];
        var views = new AuditViews(table, lastLogins, feed, AuditProjections.Start(system, projections), PolicyFor(settings, table, loggers));
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
