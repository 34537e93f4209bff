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
    /// <summary>One journal row, with how many tags rows point at it.</summary>
    public sealed record Row(long Ordering, long SequenceNr, long Created, long Tags);

    private bool IsSqlite => spec is JournalSpec.Sqlite;

    public async Task<IReadOnlyList<Row>> RowsAsync(string persistenceId)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, """
            SELECT j.ordering, j.sequence_number, j.created, (SELECT count(*) FROM tags t WHERE t.ordering_id = j.ordering AND t.tag = @tag)
            FROM journal j WHERE j.persistence_id = @id ORDER BY j.sequence_number
            """, ("id", persistenceId), ("tag", AuditLog.Tag));
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

    /// <summary>Tags rows of <paramref name="persistenceId"/> (sequence numbers up to <paramref name="upTo"/>).</summary>
    public Task<long> TagsAsync(string persistenceId, long upTo = long.MaxValue) =>
        ScalarAsync("SELECT count(*) FROM tags WHERE persistence_id = @id AND sequence_nr <= @up_to", ("id", persistenceId), ("up_to", upTo));

    /// <summary>Tags rows whose journal row is gone.</summary>
    public Task<long> OrphanTagsAsync() =>
        ScalarAsync("SELECT count(*) FROM tags t WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.ordering = t.ordering_id)");

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
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
            SELECT @at + g.i, t.deleted, t.persistence_id, g.i, t.message, t.manifest, t.identifier, t.writer_uuid
            FROM {numbers}, (SELECT * FROM journal WHERE persistence_id = @id AND sequence_number = @template) AS t
            """, ("at", at.UtcTicks), ("id", persistenceId), ("template", template), ("from", from), ("to", to));
        await ExecuteAsync("""
            INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id)
            SELECT ordering, @tag, sequence_number, persistence_id FROM journal WHERE persistence_id = @id AND sequence_number BETWEEN @from AND @to
            """, ("tag", AuditLog.Tag), ("id", persistenceId), ("from", from), ("to", to));
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
