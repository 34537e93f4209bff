using ActorMailProxy.Audit;

namespace ActorMailProxy.Gateway.Options;

/// <summary>Options of ours for the audit log; none of them exists in perdition.</summary>
public static partial class OptionTable
{
    private static IEnumerable<OptionSpec> Audit() =>
    [
        OptionSpec.Value(null, "journal", "sqlite:PATH|postgres:CONNECTION_STRING",
            "where the cluster's audit log is stored; SQLite for one node, PostgreSQL shared by all nodes of a cluster (env MAILPROXY_JOURNAL)",
            (b, v) => Journal(v, j => b.Journal = j)),
        OptionSpec.Value(null, "audit_spool", "DIR",
            "where this node keeps its audit events on disk until the log has stored them, so a killed process loses none; \"\" for none "
            + "(default actormailproxy-spool, or actormailproxy-spool-HOST-PORT with a fixed --cluster_port; env MAILPROXY_AUDIT_SPOOL)",
            (b, v) => Set(() => b.AuditSpool = v)),
    ];

    /// <summary>The error never repeats the value: a connection string may hold a password.</summary>
    internal static string? Journal(string text, Action<JournalSpec> set)
    {
        var (spec, error) = JournalSpec.Parse(text);
        if (spec is null)
        {
            return error;
        }
        set(spec);
        return null;
    }
}
