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
