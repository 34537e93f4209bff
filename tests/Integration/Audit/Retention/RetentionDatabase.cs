using System.Data.Common;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Log;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorMailProxy.Integration.Audit.Retention;

/// <summary>
/// The journal's tables on SQLite or PostgreSQL, as an operator's SQL sees them: what a sweep left, and the writes a
/// test needs that Akka cannot make, rows aged by setting their <c>created</c> and a large history copied from a row
/// Akka wrote.
/// </summary>
public sealed class RetentionDatabase(JournalSpec spec)
{
    /// <summary>One journal row, with how many times it carries the audit tag.</summary>
    public sealed record Row(long Ordering, long SequenceNr, long Created, long Tags);

    private bool IsSqlite => spec is JournalSpec.Sqlite;

    public async Task<IReadOnlyList<Row>> RowsAsync(string persistenceId)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, """
            SELECT j.ordering, j.sequence_number, j.created, CASE WHEN j.tags LIKE @tag THEN 1 ELSE 0 END
            FROM journal j WHERE j.persistence_id = @id ORDER BY j.sequence_number
            """, ("id", persistenceId), ("tag", $"%;{AuditLog.Tag};%"));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
        return rows;
    }

    /// <summary>The sequence numbers of <paramref name="persistenceId"/>'s rows, in order.</summary>
    public async Task<IReadOnlyList<long>> SequenceNrsAsync(string persistenceId) => [.. (await RowsAsync(persistenceId)).Select(r => r.SequenceNr)];

    /// <summary>Rows of <paramref name="persistenceId"/> that carry the audit tag, which the log's readers follow.</summary>
    public Task<long> TaggedAsync(string persistenceId) =>
        ScalarAsync("SELECT count(*) FROM journal WHERE persistence_id = @id AND tags LIKE @tag", ("id", persistenceId), ("tag", $"%;{AuditLog.Tag};%"));

    public Task<long> CountAsync(string persistenceId, long from, long to) =>
        ScalarAsync("SELECT count(*) FROM journal WHERE persistence_id = @id AND sequence_number BETWEEN @from AND @to", ("id", persistenceId), ("from", from), ("to", to));

    /// <summary>
    /// Makes rows <paramref name="from"/>..<paramref name="to"/> look written at <paramref name="at"/>, one tick apart
    /// in sequence order: the journal stamps <c>created</c> when it writes, and a test cannot wait 90 days.
    /// </summary>
    public Task AgeAsync(string persistenceId, long from, long to, DateTimeOffset at) =>
        ExecuteAsync("UPDATE journal SET created = @at + sequence_number WHERE persistence_id = @id AND sequence_number BETWEEN @from AND @to",
            ("at", at.UtcTicks), ("id", persistenceId), ("from", from), ("to", to));

    /// <summary>
    /// Adds rows <paramref name="from"/>..<paramref name="to"/> to <paramref name="persistenceId"/>, tagged, written at
    /// <paramref name="at"/> one tick apart: copies of its row <paramref name="template"/> (Akka's own bytes, the same
    /// event id in each), in one statement, since writing a large history through a persistent actor takes minutes.
    /// </summary>
    public async Task CopyAsync(string persistenceId, long template, long from, long to, DateTimeOffset at)
    {
        var numbers = IsSqlite
            ? "(WITH RECURSIVE n(i) AS (SELECT @from UNION ALL SELECT i + 1 FROM n WHERE i < @to) SELECT i FROM n) AS g"
            : "generate_series(@from::bigint, @to::bigint) AS g(i)";
        await ExecuteAsync($"""
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid, tags)
            SELECT @at + g.i, t.deleted, t.persistence_id, g.i, t.message, t.manifest, t.identifier, t.writer_uuid, t.tags
            FROM {numbers}, (SELECT * FROM journal WHERE persistence_id = @id AND sequence_number = @template) AS t
            """, ("at", at.UtcTicks), ("id", persistenceId), ("template", template), ("from", from), ("to", to));
    }

    /// <summary>A copy of the snapshot Akka saved at <paramref name="from"/>, as if saved at <paramref name="to"/>.</summary>
    public Task CopySnapshotAsync(string persistenceId, long from, long to) =>
        ExecuteAsync("""
            INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id)
            SELECT persistence_id, @to, created, snapshot, manifest, serializer_id FROM snapshot WHERE persistence_id = @id AND sequence_number = @from
            """, ("id", persistenceId), ("from", from), ("to", to));

    private async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync();
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = spec switch
        {
            JournalSpec.Sqlite s => new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = s.Path, Mode = SqliteOpenMode.ReadWrite }.ConnectionString),
            JournalSpec.Postgres p => new NpgsqlConnection(p.ConnectionString),
            _ => throw new InvalidOperationException(),
        };
        await connection.OpenAsync();
        return connection;
    }
}
