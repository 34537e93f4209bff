using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.Delivery;

public sealed partial class AuditNode
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Audit log journal: {Journal:l}")]
        public static partial void Journal(ILogger logger, string journal);

        [LoggerMessage(2, LogLevel.Warning,
            "A SQLite journal on a cluster node: the audit log would lose its history whenever it moves to another node; give every node --journal postgres:...")]
        public static partial void SqliteOnCluster(ILogger logger);

        [LoggerMessage(3, LogLevel.Warning, "The audit log has not answered within 10 s; serving anyway, events wait until it does")]
        public static partial void NotConfirming(ILogger logger);

        [LoggerMessage(4, LogLevel.Information, "Audit spool off: events not yet stored live only in this process's memory")]
        public static partial void SpoolOff(ILogger logger);

        [LoggerMessage(5, LogLevel.Error, "Audit spool: {Problem:l}")]
        public static partial void SpoolFailed(ILogger logger, string problem);

        [LoggerMessage(6, LogLevel.Warning,
            "Audit spool {Directory:l}: {Events} events of an earlier run not confirmed stored, recording them again (from {Segments} segment file(s); {Torn} torn and {Unreadable} unreadable lines left out)")]
        public static partial void SpoolLeftovers(ILogger logger, string directory, int events, int segments, int torn, int unreadable);

        [LoggerMessage(7, LogLevel.Information, "Audit spool {Directory:l}: nothing left from an earlier run")]
        public static partial void SpoolEmpty(ILogger logger, string directory);

        [LoggerMessage(9, LogLevel.Warning,
            "Audit spool {Directory:l} cannot be used ({Reason:l}); running without a spool: events not yet stored live only in memory")]
        public static partial void SpoolUnusable(ILogger logger, string directory, string reason);

        [LoggerMessage(10, LogLevel.Warning, "Stopping with {Waiting} audit events not stored{Kept:l}")]
        public static partial void StoppingWithBacklog(ILogger logger, int waiting, string kept);

        [LoggerMessage(11, LogLevel.Warning, "Audit journal {Journal:l} not prepared ({Reason:l}): on SQLite its readers may hold up the log's writes, and a journal of an earlier version not upgraded refuses the log's writes until a start upgrades it")]
        public static partial void NotPrepared(ILogger logger, string journal, string reason);
    }
}
