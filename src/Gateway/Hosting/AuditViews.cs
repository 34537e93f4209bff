using Akka.Actor;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.LogLines;
using ActorMailProxy.Audit.PopBeforeSmtp;
using ActorMailProxy.Audit.Projections;
using ActorMailProxy.Gateway.Options;
using Microsoft.Extensions.Logging;
using ILogger = Serilog.ILogger;

namespace ActorMailProxy.Gateway.Hosting;

/// <summary>
/// What a node keeps from the cluster's audit log, rebuilt from the journal at start and then kept current: the
/// POP-before-SMTP table (and the Postfix policy service answering from it), each user's last login and, when asked
/// for, the feed of lines.
/// </summary>
public sealed class AuditViews : IAsyncDisposable
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

    public static async Task<AuditViews> StartAsync(ActorSystem system, ProxyOptions options, ILogger logger, ILoggerFactory loggers)
    {
        var table = new PopBeforeSmtpTable(options.PopBeforeSmtpTtl);
        var lastLogins = new LastLoginTable();
        var feed = options.AuditFeed is { } path ? AuditFeed.Open(path, FeedLine(options.AuditFeedFormat)) : null;
        if (feed is not null)
        {
            logger.Information("Audit feed: every stored event to {Feed:l} as {Format} lines", options.AuditFeed == "-" ? "stdout" : options.AuditFeed, options.AuditFeedFormat);
        }
        IAuditProjection[] projections = feed is null ? [table, lastLogins] : [table, lastLogins, feed];
        var views = new AuditViews(table, lastLogins, feed, AuditProjections.Start(system, projections), PolicyFor(options, table, loggers));
        if (views.Policy is { } policy)
        {
            await policy.StartAsync();
            logger.Information("POP-before-SMTP policy service on {Endpoint}: OK for addresses logged in within {Ttl} s", policy.LocalEndpoint,
                options.PopBeforeSmtpTtl.TotalSeconds);
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

    private static PolicyServer? PolicyFor(ProxyOptions options, PopBeforeSmtpTable table, ILoggerFactory loggers) =>
        options.PopBeforeSmtpPolicy is { } endpoint ? new PolicyServer(endpoint, table, loggers.CreateLogger<PolicyServer>()) : null;

    private static Func<AuditEvent, string> FeedLine(AuditFeedFormat format) => format switch
    {
        AuditFeedFormat.Json => AuditEventLines.Json,
        _ => AuditEventLines.Perdition,
    };
}
