using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.Retention;

public static partial class AuditRetention
{
    internal static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Audit retention off: the audit history is kept for ever")]
        public static partial void KeptForEver(ILogger logger);

        [LoggerMessage(2, LogLevel.Information, "Audit retention: history older than {KeepFor:l} is deleted by one node of the cluster, looked for every {Every:l}")]
        public static partial void Keeping(ILogger logger, string keepFor, string every);

        [LoggerMessage(3, LogLevel.Information, "Audit retention: deleted {Counts:l} older than {Before:l}")]
        public static partial void Deleted(ILogger logger, string counts, string before);

        [LoggerMessage(4, LogLevel.Warning, "Audit retention: deleting old {What:l} failed, trying again in {Every:l}: {Reason:l}")]
        public static partial void SweepFailed(ILogger logger, string what, string every, string reason);
    }
}
