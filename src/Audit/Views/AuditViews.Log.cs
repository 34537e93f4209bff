using System.Net;
using ActorMailProxy.Audit.Projections;
using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.Views;

public sealed partial class AuditViews
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Audit feed: every stored event to {Feed:l} as {Format} lines")]
        public static partial void Feeding(ILogger logger, string feed, AuditFeedFormat format);

        [LoggerMessage(2, LogLevel.Information, "POP-before-SMTP policy service on {Endpoint}: OK for addresses logged in within {Ttl} s")]
        public static partial void PolicyService(ILogger logger, IPEndPoint endpoint, double ttl);
    }
}
