using System.Data.Common;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Log;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorMailProxy.Bench.Audit;

/// <summary>
/// What the audit benches read straight from a journal, as an operator's SQL would: the events stored (rows tagged
/// <see cref="AuditLog.Tag"/>), whether the plugin's tables exist yet, and how much disk the journal takes.
/// </summary>
public static class JournalReads
{
    /// <summary>The journal's tables as Akka.Persistence.Sql's default table mapping names them.</summary>
    public static readonly IReadOnlyList<string> Tables = ["journal", "snapshot"];

    /// <summary>The proxy's <c>--journal</c> value for this journal (a PostgreSQL one holds its password).</summary>
    public static string Option(this JournalSpec journal) => journal switch
    {
        JournalSpec.Sqlite s => $"sqlite:{s.Path}",
        JournalSpec.Postgres p => $"postgres:{p.ConnectionString}",
        _ => throw new ArgumentOutOfRangeException(nameof(journal)),
    };

    public static string Kind(this JournalSpec journal) => journal is JournalSpec.Sqlite ? "SQLite" : "PostgreSQL";

    /// <summary>An open connection; SQLite waits up to 30 s for a node's write lock rather than failing at once.</summary>
    public static async Task<DbConnection> OpenAsync(JournalSpec journal)
    {
        DbConnection connection = journal switch
        {
            JournalSpec.Sqlite s => new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = s.Path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30,
            }.ConnectionString),
            JournalSpec.Postgres p => new NpgsqlConnection(new NpgsqlConnectionStringBuilder(p.ConnectionString) { Pooling = false, CommandTimeout = 300 }.ConnectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(journal)),
        };
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Events stored: the journal's rows with the audit tag, whatever log (partition) wrote them.</summary>
    public static async Task<long> AuditEventsAsync(JournalSpec journal)
    {
        await using var connection = await OpenAsync(journal);
        return await ScalarAsync(connection, $"SELECT count(*) FROM journal WHERE tags LIKE '%;{AuditLog.Tag};%'");
    }

    /// <summary>Whether every one of <see cref="Tables"/> exists (a node's journal creates them as it starts).</summary>
    public static async Task<bool> HasTablesAsync(JournalSpec journal)
    {
        if (journal is JournalSpec.Sqlite { Path: var path } && !File.Exists(path))
        {
            return false;
        }
        await using var connection = await OpenAsync(journal);
        var names = string.Join(", ", Tables.Select(t => $"'{t}'"));
        var found = journal is JournalSpec.Sqlite
            ? await ScalarAsync(connection, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({names})")
            : await ScalarAsync(connection, $"SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ({names})");
        return found == Tables.Count;
    }

    /// <summary>Bytes on disk: the SQLite file with its WAL, or every table and index in the PostgreSQL schema.</summary>
    public static async Task<long> SizeBytesAsync(JournalSpec journal)
    {
        if (journal is JournalSpec.Sqlite { Path: var path })
        {
            return new[] { path, path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        }
        await using var connection = await OpenAsync(journal);
        return await ScalarAsync(connection, """
            SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r'
            """);
    }

    public static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 300;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
