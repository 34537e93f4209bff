using System.Data.Common;

namespace ActorMailProxy.Audit.Journal;

/// <summary>
/// The audit log's tag is kept in the journal row (Akka.Persistence.Sql's <c>tag-write-mode = Csv</c>: <c>;audit;</c>
/// in <c>journal.tags</c>), not in the plugin's tags table. In tag-table mode every read the plugin makes (by tag, by
/// persistence id, a recovery) fetches each row's tags with <c>STRING_AGG(tag) FILTER (WHERE ordering_id = …) FROM
/// tags</c>: a scan of the whole tags table per row returned, so reading cost grew with the history (5.7 s per 100 rows
/// with 200,000 tags on PostgreSQL). In CSV mode a read by tag is a range of the journal's primary key.
/// <para>
/// A journal an older version wrote has no <c>tags</c> column and its tags in the tags table: the column is added and
/// the tags moved into it, a batch per transaction (rows updated and their tags rows deleted together), so an interrupted
/// upgrade goes on at the next start and a finished one costs one look at an empty table.
/// </para>
/// </summary>
public static class JournalTagColumn
{
    /// <summary>Tags rows moved per transaction: short enough that the log's writes wait little behind one.</summary>
    private const int Batch = 20_000;

    private const string LastOfBatch = "SELECT ordering_id FROM tags ORDER BY ordering_id LIMIT 1 OFFSET @skip";
    private const string LastTagged = "SELECT max(ordering_id) FROM tags";

    private const string SqliteHasColumn = "SELECT count(*) FROM pragma_table_info('journal') WHERE name = 'tags'";
    private const string SqliteAddColumn = "ALTER TABLE journal ADD COLUMN [tags] NVarChar(100) NULL";
    private const string SqliteMove = """
        UPDATE journal SET tags = ';' || (SELECT group_concat(t.tag, ';') FROM tags t WHERE t.ordering_id = journal.ordering) || ';'
        WHERE ordering IN (SELECT ordering_id FROM tags WHERE ordering_id <= @upto)
        """;

    private const string PostgresHasColumn =
        "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'journal' AND column_name = 'tags'";
    private const string PostgresAddColumn = "ALTER TABLE journal ADD COLUMN IF NOT EXISTS tags VARCHAR(100) NULL";
    private const string PostgresMove = """
        UPDATE journal j SET tags = ';' || s.tags || ';'
        FROM (SELECT ordering_id, string_agg(tag, ';') AS tags FROM tags WHERE ordering_id <= @upto GROUP BY ordering_id) s
        WHERE j.ordering = s.ordering_id
        """;

    private const string DeleteMoved = "DELETE FROM tags WHERE ordering_id <= @upto";

    /// <summary>Whether the journal has the <c>tags</c> column this version reads the tag from (its table must exist).</summary>
    public static async Task<bool> ExistsAsync(DbConnection connection, JournalSpec spec, CancellationToken cancel)
    {
        await using var has = JournalDatabase.Command(connection, spec is JournalSpec.Sqlite ? SqliteHasColumn : PostgresHasColumn);
        return Convert.ToInt64(await has.ExecuteScalarAsync(cancel)) > 0;
    }

    /// <summary>How many events' tags were moved from the tags table (0 on a journal this version made or already upgraded).</summary>
    public static async Task<long> EnsureAsync(DbConnection connection, JournalSpec spec, CancellationToken cancel)
    {
        // No journal yet: the plugin creates it, with the column.
        if (!await JournalDatabase.TablesExistAsync(connection, spec, cancel, "journal"))
        {
            return 0;
        }
        var sqlite = spec is JournalSpec.Sqlite;
        if (!await ExistsAsync(connection, spec, cancel))
        {
            await ExecuteAsync(connection, null, sqlite ? SqliteAddColumn : PostgresAddColumn, null, cancel);
        }
        if (!await JournalDatabase.TablesExistAsync(connection, spec, cancel, "tags"))
        {
            return 0;
        }
        long moved = 0;
        while (await UpToAsync(connection, cancel) is { } upto)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancel);
            moved += await ExecuteAsync(connection, transaction, sqlite ? SqliteMove : PostgresMove, upto, cancel);
            await ExecuteAsync(connection, transaction, DeleteMoved, upto, cancel);
            await transaction.CommitAsync(cancel);
        }
        return moved;
    }

    /// <summary>The last ordering of the next batch of tags rows; null when the table is empty.</summary>
    private static async Task<long?> UpToAsync(DbConnection connection, CancellationToken cancel)
    {
        await using var next = JournalDatabase.Command(connection, LastOfBatch, ("skip", Batch - 1));
        if (await next.ExecuteScalarAsync(cancel) is { } ordering and not DBNull)
        {
            return Convert.ToInt64(ordering);
        }
        await using var last = JournalDatabase.Command(connection, LastTagged);
        return await last.ExecuteScalarAsync(cancel) is { } max and not DBNull ? Convert.ToInt64(max) : null;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, long? upto, CancellationToken cancel)
    {
        await using var command = upto is { } u ? JournalDatabase.Command(connection, sql, ("upto", u)) : JournalDatabase.Command(connection, sql);
        command.Transaction = transaction;
        return await command.ExecuteNonQueryAsync(cancel);
    }
}
