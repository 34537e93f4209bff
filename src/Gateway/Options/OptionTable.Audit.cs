using ActorMailProxy.Audit.Journal;

namespace ActorMailProxy.Gateway.Options;

/// <summary>Options of ours for the audit log; none of them exists in perdition.</summary>
public static partial class OptionTable
{
    private static IEnumerable<OptionSpec> Audit() =>
    [
        OptionSpec.Value(null, "state_directory", "DIR",
            "where the default journal and spool are, created 0700 (default $STATE_DIRECTORY, else /var/lib/actormailproxy for root, else the working directory; env MAILPROXY_STATE_DIRECTORY)",
            (b, v) => Set(() => b.StateDirectory = v.Length == 0 ? null : v)),
        OptionSpec.Value(null, "journal", "sqlite:PATH|postgres:CONNECTION_STRING",
            "where the cluster's audit log is stored; SQLite for one node, PostgreSQL shared by all nodes of a cluster "
            + "(default sqlite:actormailproxy-audit.db in the state directory; env MAILPROXY_JOURNAL)",
            (b, v) => Journal(v, j => b.Journal = j)),
        OptionSpec.Value(null, "pop_before_smtp_ttl", "SECONDS", "how long a successful login lets its client address relay (POP-before-SMTP; default 1800)",
            (b, v) => OptionValues.Int(v, 1, s => b.PopBeforeSmtpTtl = TimeSpan.FromSeconds(s))),
        OptionSpec.Value(null, "pop_before_smtp_policy", "ADDRESS:PORT", "run a Postfix SMTPD policy service here: OK for client addresses that logged in recently",
            (b, v) => OptionValues.Endpoint(v, e => b.PopBeforeSmtpPolicy = e)),
        OptionSpec.Value(null, "connect_relog", "SECONDS", "record an open session's login again this often, for POP-before-SMTP; 0 for never (default 300)",
            (b, v) => OptionValues.Seconds(v, s => b.ConnectRelog = s)),
        OptionSpec.Value(null, "audit_feed", "FILE", "write every event of the cluster's audit log to FILE as it is stored; - for stdout",
            (b, v) => v.Length == 0 ? Set(() => b.AuditFeed = null) : Set(() => b.AuditFeed = v)),
        OptionSpec.Value(null, "log_format", "FORMAT", "the audit feed's lines: perdition (default) or json",
            (b, v) => OptionValues.FeedFormat(v, f => b.AuditFeedFormat = f)),
        OptionSpec.Value(null, "audit_spool", "DIR",
            "where this node keeps its audit events on disk until the log has stored them, so a killed process loses none; \"\" for none "
            + "(default in the state directory: spool-ADDRESS-PORT+... named by the listeners for a node on its own; for a cluster's node spool, "
            + "or spool-HOST-PORT with a fixed --cluster_port; env MAILPROXY_AUDIT_SPOOL)",
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
