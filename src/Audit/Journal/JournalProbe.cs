using System.Data.Common;
using System.Net.Sockets;

namespace ActorMailProxy.Audit.Journal;

/// <summary>
/// Looks at the journal's database directly, before a reader starts on it: whether it answers and holds the audit
/// log's tables (a reader must not create them, nor a new SQLite file at a mistyped path), and where the last events
/// begin, so a tail need not read the whole log.
/// </summary>
public static class JournalProbe
{
    /// <summary>The ordering just before the newest <c>count</c> tagged events; rows are ordered by it, offsets are exclusive.</summary>
    private const string OffsetBeforeLast = "SELECT ordering FROM journal WHERE tags LIKE @tag ORDER BY ordering DESC LIMIT 1 OFFSET @skip";

    public static async Task<JournalCheck> CheckAsync(JournalSpec spec, CancellationToken cancel)
    {
        if (spec is JournalSpec.Sqlite sqlite && !File.Exists(sqlite.Path))
        {
            return new JournalCheck.Empty($"there is no audit journal at {spec.Describe()}: the file does not exist");
        }
        try
        {
            // Read-only, so that looking never creates a SQLite file.
            await using var connection = JournalDatabase.Open(spec, readOnly: true);
            await connection.OpenAsync(cancel);
            // Table names of table-mapping = default, which JournalSpec.ToHocon sets.
            if (!await JournalDatabase.TablesExistAsync(connection, spec, cancel, "journal"))
            {
                return new JournalCheck.Empty($"the audit journal {spec.Describe()} holds no audit log: its tables do not exist (no node has written to it yet)");
            }
            return await JournalTagColumn.ExistsAsync(connection, spec, cancel)
                ? new JournalCheck.Ready()
                : new JournalCheck.Older($"the audit journal {spec.Describe()} was written by an older version: start a node of this version on it once, which upgrades it");
        }
        catch (Exception e) when (e is DbException or SocketException or TimeoutException or IOException or InvalidOperationException)
        {
            return new JournalCheck.Unreachable(CannotRead(spec, e));
        }
    }

    /// <summary>What to tell the operator when reading <paramref name="spec"/> failed: its name and the driver's reasons, never its password.</summary>
    public static string CannotRead(JournalSpec spec, Exception e) => $"cannot read the audit journal {spec.Describe()}: {spec.Redact(Reason(e))}";

    /// <summary>
    /// The offset to read <paramref name="tag"/>'s events after to get its newest <paramref name="count"/>; 0 (from the
    /// start) when there are no more than that, or when the journal cannot be read this way.
    /// </summary>
    public static async Task<long> OffsetBeforeLastAsync(JournalSpec spec, string tag, int count, CancellationToken cancel)
    {
        try
        {
            await using var connection = JournalDatabase.Open(spec, readOnly: true);
            await connection.OpenAsync(cancel);
            await using var command = JournalDatabase.Command(connection, OffsetBeforeLast, ("tag", $"%;{tag};%"), ("skip", count));
            return await command.ExecuteScalarAsync(cancel) is { } ordering and not DBNull ? Convert.ToInt64(ordering) : 0;
        }
        catch (DbException)
        {
            return 0;
        }
    }

    /// <summary>A driver's message and the causes under it ("Failed to connect to …: Connection refused"), without the wrappers a blocking wait adds.</summary>
    internal static string Reason(Exception e)
    {
        var parts = new List<string>();
        for (var cause = e; cause is not null; cause = cause.InnerException)
        {
            if (cause is not AggregateException && !parts.Any(p => p.Contains(cause.Message, StringComparison.Ordinal)))
            {
                parts.Add(cause.Message);
            }
        }
        return string.Join(": ", parts);
    }
}
