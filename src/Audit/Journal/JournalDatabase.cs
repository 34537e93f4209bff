using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorMailProxy.Audit.Journal;

/// <summary>
/// The journal's database as our own code sees it, beside Akka.Persistence.Sql: connections to it, its preparation
/// before the plugin opens it, and where in the log a point in time begins (the <c>journal.created</c> column, which the
/// plugin writes as UTC ticks and indexes).
/// </summary>
public static class JournalDatabase
{
    /// <summary>
    /// The first ordering written at or after a time, from the rows the plugin's index on <c>created</c> finds: as much
    /// work as there are rows that recent. <c>ordering + 0</c>: on a bare <c>min(ordering)</c> SQLite walks the primary
    /// key from the start until a row is recent enough, every row of the history (3.6 s at 10,000,000 events).
    /// </summary>
    private const string FirstOrderingSince = "SELECT min(ordering + 0) FROM journal WHERE created >= @created";

    private const string LastOrdering = "SELECT max(ordering) FROM journal";

    public static DbConnection Open(JournalSpec spec, bool readOnly = false) => spec switch
    {
        JournalSpec.Sqlite s => new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = s.Path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        }.ConnectionString),
        JournalSpec.Postgres p => new NpgsqlConnection(p.ConnectionString),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>
    /// Before a node's plugin opens the journal. SQLite: write-ahead logging, so that readers (projections, the audit
    /// commands) never block the log's writes nor the other way round, and another process's writes wait their turn
    /// instead of failing with "database is locked"; the mode is kept in the file. Both: the tags in the journal row
    /// (<see cref="JournalTagColumn"/>), moving those an older version kept in the tags table.
    /// </summary>
    public static async Task PrepareAsync(JournalSpec spec, CancellationToken cancel)
    {
        await using var connection = Open(spec);
        await connection.OpenAsync(cancel);
        if (spec is JournalSpec.Sqlite)
        {
            await using var command = Command(connection, "PRAGMA journal_mode = WAL");
            await command.ExecuteNonQueryAsync(cancel);
        }
        await JournalTagColumn.EnsureAsync(connection, spec, cancel);
    }

    /// <summary>
    /// The offset to read the log after so as to see every event written at or after <paramref name="since"/>: just
    /// before the first such row; after the last row when there is none (the log holds nothing that recent); 0 for an
    /// empty journal or one whose tables do not exist yet.
    /// </summary>
    public static async Task<long> OffsetBeforeAsync(JournalSpec spec, DateTimeOffset since, CancellationToken cancel)
    {
        await using var connection = Open(spec);
        await connection.OpenAsync(cancel);
        if (!await TablesExistAsync(connection, spec, cancel, "journal"))
        {
            return 0;
        }
        await using var first = Command(connection, FirstOrderingSince, ("created", since.UtcTicks));
        if (await first.ExecuteScalarAsync(cancel) is { } ordering and not DBNull)
        {
            return Convert.ToInt64(ordering) - 1;
        }
        await using var last = Command(connection, LastOrdering);
        return await last.ExecuteScalarAsync(cancel) is { } max and not DBNull ? Convert.ToInt64(max) : 0;
    }

    /// <summary>Whether every one of <paramref name="tables"/> exists in the database (PostgreSQL: in the connection's schema).</summary>
    public static async Task<bool> TablesExistAsync(DbConnection connection, JournalSpec spec, CancellationToken cancel, params string[] tables)
    {
        var names = tables.Select((name, i) => ($"t{i}", (object?)name)).ToArray();
        var list = string.Join(", ", names.Select(n => "@" + n.Item1));
        await using var command = Command(connection, spec is JournalSpec.Sqlite
            ? $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({list})"
            : $"SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ({list})", names);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancel)) == tables.Length;
    }

    public static DbCommand Command(DbConnection connection, string text, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
