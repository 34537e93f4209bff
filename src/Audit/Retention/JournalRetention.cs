using System.Data.Common;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Log;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorMailProxy.Audit.Retention;

/// <summary>
/// Deletes the audit log's old events from the Akka.Persistence.Sql tables (default table mapping; the tag is in the
/// row, see <see cref="JournalTagColumn"/>), batch by batch while the log goes on writing. The log must still recover as it was, so a persistence id of the log
/// (<c>audit-log</c>, its partitions <c>audit-log-N</c>, a standalone node's <c>audit-log@…</c>) loses only rows its
/// newest snapshot covers, and never its highest sequence number: on recovery Akka.Persistence.Sql takes the highest
/// sequence number as the greatest <c>sequence_number</c> left in the journal for the persistence id (above the
/// snapshot's; <c>HighestSequenceNr</c> in native mode reads nothing else), so with that row kept a recovering log
/// cannot reuse a sequence number even if its snapshot were gone. A persistence id without a snapshot loses nothing.
/// </summary>
/// <param name="idPrefix">What the log's persistence ids start with; every other persistence id is left alone.</param>
public sealed class JournalRetention(JournalSpec journal, string idPrefix = AuditLogSettings.SharedLogId) : IRetentionSweep
{
    /// <summary>The least pause after a batch; each pause is at least as long as its batch took, so writers have the database at least half the time.</summary>
    private static readonly TimeSpan LeastPause = TimeSpan.FromMilliseconds(20);

    /// <summary>Per persistence id with a snapshot: its newest snapshot's sequence number and the journal's highest.</summary>
    private const string Bounds = """
        SELECT s.persistence_id, MAX(s.sequence_number), (SELECT MAX(j.sequence_number) FROM journal j WHERE j.persistence_id = s.persistence_id)
        FROM snapshot s GROUP BY s.persistence_id
        """;

    /// <summary>
    /// The next rows older than the cutoff after the last one looked at, oldest first, along the index on created
    /// (SQLite keeps an index's rows in rowid order, which ordering is, within one created): a sweep reads each old row
    /// once, kept or not, and never a row younger than the cutoff.
    /// </summary>
    private const string Older = """
        SELECT ordering, created, persistence_id, sequence_number FROM journal
        WHERE created >= @after_created AND created < @before AND (created > @after_created OR ordering > @after_ordering)
        ORDER BY created, ordering LIMIT @batch
        """;

    private const string SqliteDeleteEvents = "DELETE FROM journal WHERE ordering IN (SELECT value FROM json_each(@orderings))";

    private const string PostgresDeleteEvents = "DELETE FROM journal WHERE ordering = ANY(@orderings)";

    public string Name => "journal events";

    public async Task<long> SweepAsync(DateTimeOffset before, int batch, CancellationToken cancel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (journal is JournalSpec.Sqlite sqlite && !File.Exists(sqlite.Path))
        {
            return 0;
        }
        try
        {
            await using var connection = Open();
            await connection.OpenAsync(cancel);
            return await SweepAsync(connection, before.UtcTicks, batch, cancel);
        }
        catch (Exception e) when (e is DbException or SocketException or TimeoutException or IOException or InvalidOperationException)
        {
            throw new RetentionSweepException($"cannot delete from the audit journal {journal.Describe()}: {journal.Redact(JournalProbe.Reason(e))}", e);
        }
    }

    /// <summary><c>created</c> is <see cref="DateTime.UtcNow"/>'s ticks when the journal wrote the row, and so is <paramref name="before"/>.</summary>
    private async Task<long> SweepAsync(DbConnection connection, long before, int batch, CancellationToken cancel)
    {
        if (!await JournalDatabase.TablesExistAsync(connection, journal, cancel, "journal", "snapshot"))
        {
            return 0;
        }
        var deletableUpTo = await DeletableUpToAsync(connection, cancel);
        if (deletableUpTo.Count == 0)
        {
            return 0;
        }
        var after = (Created: long.MinValue, Ordering: long.MinValue);
        var deleted = 0L;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var rows = await OlderAsync(connection, before, after, batch, cancel);
            var doomed = rows.Where(r => deletableUpTo.TryGetValue(r.PersistenceId, out var upTo) && r.SequenceNr <= upTo).Select(r => r.Ordering).ToArray();
            if (doomed.Length > 0)
            {
                deleted += await DeleteAsync(connection, doomed, cancel);
            }
            if (rows.Count < batch)
            {
                return deleted;
            }
            after = (rows[^1].Created, rows[^1].Ordering);
            if (doomed.Length > 0)
            {
                var took = Stopwatch.GetElapsedTime(started);
                await Task.Delay(took > LeastPause ? took : LeastPause, cancel);
            }
        }
    }

    /// <summary>
    /// The greatest sequence number each of the log's persistence ids may lose: none above its newest snapshot, never its
    /// highest. Read once per sweep: both only grow while the sweep runs, so what it read stays safe.
    /// </summary>
    private async Task<Dictionary<string, long>> DeletableUpToAsync(DbConnection connection, CancellationToken cancel)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Bounds;
        await using var reader = await command.ExecuteReaderAsync(cancel);
        var upTo = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancel))
        {
            var id = reader.GetString(0);
            if (id.StartsWith(idPrefix, StringComparison.Ordinal) && !await reader.IsDBNullAsync(2, cancel))
            {
                upTo[id] = Math.Min(reader.GetInt64(1), reader.GetInt64(2) - 1);
            }
        }
        return upTo;
    }

    private static async Task<List<JournalRowKey>> OlderAsync(DbConnection connection, long before, (long Created, long Ordering) after, int batch, CancellationToken cancel)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Older;
        AddParameter(command, "after_created", after.Created);
        AddParameter(command, "after_ordering", after.Ordering);
        AddParameter(command, "before", before);
        AddParameter(command, "batch", batch);
        await using var reader = await command.ExecuteReaderAsync(cancel);
        var rows = new List<JournalRowKey>(batch);
        while (await reader.ReadAsync(cancel))
        {
            rows.Add(new JournalRowKey(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3)));
        }
        return rows;
    }

    /// <summary>
    /// The rows in one short transaction; on SQLite it takes the write lock at its start (BEGIN
    /// IMMEDIATE), so it waits for the log's write in progress rather than failing on upgrading a read lock.
    /// </summary>
    private async Task<long> DeleteAsync(DbConnection connection, long[] orderings, CancellationToken cancel)
    {
        var sqlite = journal is JournalSpec.Sqlite;
        await using var transaction = connection is SqliteConnection s ? s.BeginTransaction(deferred: false) : await connection.BeginTransactionAsync(cancel);
        object ids = sqlite ? JsonSerializer.Serialize(orderings) : orderings;
        var deleted = await ExecuteAsync(connection, transaction, sqlite ? SqliteDeleteEvents : PostgresDeleteEvents, ids, cancel);
        await transaction.CommitAsync(cancel);
        return deleted;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, object orderings, CancellationToken cancel)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        AddParameter(command, "orderings", orderings);
        return await command.ExecuteNonQueryAsync(cancel);
    }

    /// <summary>SQLite read-write without creating a file; it waits up to its default timeout (30 s) for a lock.</summary>
    private DbConnection Open() => journal switch
    {
        JournalSpec.Sqlite s => new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = s.Path, Mode = SqliteOpenMode.ReadWrite }.ConnectionString),
        JournalSpec.Postgres p => new NpgsqlConnection(p.ConnectionString),
        _ => throw new InvalidOperationException(),
    };

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private readonly record struct JournalRowKey(long Ordering, long Created, string PersistenceId, long SequenceNr);
}
