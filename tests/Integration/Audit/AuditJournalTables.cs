using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorMailProxy.Integration.Audit;

/// <summary>Reads the audit logs' rows (a cluster's, or those of nodes on their own) straight from the journal tables, as an operator's SQL would.</summary>
public static class AuditJournalTables
{
    private const string Query = """
        SELECT j.ordering, j.persistence_id, j.identifier, j.manifest, j.message, COALESCE(j.tags, '')
        FROM journal j WHERE j.persistence_id LIKE 'audit-log%' ORDER BY j.ordering
        """;

    public static async Task<IReadOnlyList<StoredAuditEvent>> ReadSqliteAsync(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ConnectionString);
        await connection.OpenAsync();
        return await ReadAsync(connection);
    }

    public static async Task<IReadOnlyList<StoredAuditEvent>> ReadPostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await ReadAsync(connection);
    }

    /// <summary>Polls until <paramref name="done"/> holds for the rows (or the time is up) and returns the last rows read.</summary>
    public static async Task<IReadOnlyList<StoredAuditEvent>> WaitForAsync(Func<Task<IReadOnlyList<StoredAuditEvent>>> read, Func<IReadOnlyList<StoredAuditEvent>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            IReadOnlyList<StoredAuditEvent> rows;
            try
            {
                rows = await read();
            }
            catch (DbException) when (DateTime.UtcNow < deadline)
            {
                // The tables are created with the log's first write.
                rows = [];
            }
            if (done(rows) || DateTime.UtcNow > deadline)
            {
                return rows;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the time is up (the caller asserts after).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    private static async Task<IReadOnlyList<StoredAuditEvent>> ReadAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Query;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<StoredAuditEvent>();
        while (await reader.ReadAsync())
        {
            var json = System.Text.Encoding.UTF8.GetString((byte[])reader.GetValue(4));
            rows.Add(new StoredAuditEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), json,
                reader.GetString(5).Split(';', StringSplitOptions.RemoveEmptyEntries)));
        }
        return rows;
    }
}
