using Akka.Actor;
using ActorMailProxy.Audit;
using ActorMailProxy.Gateway.Options;
using Serilog;

namespace ActorMailProxy.Gateway.Hosting;

/// <summary>
/// What a node keeps from the cluster's audit log, rebuilt from the journal at start and then kept current: the
/// POP-before-SMTP table, each user's last login and, when asked for, the feed of lines.
/// </summary>
public sealed class AuditViews : IDisposable
{
    private readonly AuditProjections _projections;
    private readonly AuditFeed? _feed;

    private AuditViews(PopBeforeSmtpTable popBeforeSmtp, LastLoginTable lastLogins, AuditFeed? feed, AuditProjections projections)
    {
        PopBeforeSmtp = popBeforeSmtp;
        LastLogins = lastLogins;
        _feed = feed;
        _projections = projections;
    }

    public PopBeforeSmtpTable PopBeforeSmtp { get; }

    public LastLoginTable LastLogins { get; }

    /// <summary>Events read from the journal since start.</summary>
    public long Applied => _projections.Applied;

    public static AuditViews Start(ActorSystem system, ProxyOptions options, ILogger logger)
    {
        var table = new PopBeforeSmtpTable(options.PopBeforeSmtpTtl);
        var lastLogins = new LastLoginTable();
        var feed = options.AuditFeed is { } path ? AuditFeed.Open(path, FeedLine(options.AuditFeedFormat)) : null;
        if (feed is not null)
        {
            logger.Information("Audit feed: every stored event to {Feed:l} as {Format} lines", options.AuditFeed == "-" ? "stdout" : options.AuditFeed, options.AuditFeedFormat);
        }
        IAuditProjection[] projections = feed is null ? [table, lastLogins] : [table, lastLogins, feed];
        return new AuditViews(table, lastLogins, feed, AuditProjections.Start(system, projections));
    }

    public void Dispose()
    {
        _projections.Stop();
        _feed?.Dispose();
    }

    private static Func<AuditEvent, string> FeedLine(AuditFeedFormat format) => format switch
    {
        AuditFeedFormat.Json => AuditEventLines.Json,
        _ => AuditEventLines.Perdition,
    };
}
