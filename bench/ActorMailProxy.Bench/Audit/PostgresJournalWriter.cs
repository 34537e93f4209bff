using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace ActorMailProxy.Bench.Audit;

/// <summary>
/// PostgreSQL: a binary COPY per batch of rows, into the tables with their indexes in place, as the proxy's
/// journal made them. At the end the ordering's sequence is moved past the last row, so the proxy's next event follows
/// it, and the tables are analyzed, as autovacuum would have done to a journal that grew by itself.
/// </summary>
public sealed class PostgresJournalWriter(NpgsqlConnection connection) : IJournalWriter
{
    private const string JournalCopy =
        "COPY journal (ordering, created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid, tags) FROM STDIN (FORMAT BINARY)";

    /// <summary>The tag as the journal's CSV tag column holds it.</summary>

    public static async Task<PostgresJournalWriter> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        return new PostgresJournalWriter(connection);
    }

    public async Task WriteAsync(IReadOnlyList<JournalRow> rows)
    {
        await using (var journal = await connection.BeginBinaryImportAsync(JournalCopy))
        {
            foreach (var row in rows)
            {
                journal.StartRow();
                journal.Write(row.Ordering, NpgsqlDbType.Bigint);
                journal.Write(row.Created, NpgsqlDbType.Bigint);
                journal.Write(false, NpgsqlDbType.Boolean);
                journal.Write(row.PersistenceId, NpgsqlDbType.Text);
                journal.Write(row.SequenceNr, NpgsqlDbType.Bigint);
                journal.Write(row.Message, NpgsqlDbType.Bytea);
                journal.Write(row.Manifest, NpgsqlDbType.Text);
                journal.Write(AuditSerializer.SerializerId, NpgsqlDbType.Integer);
                journal.Write(row.WriterUuid, NpgsqlDbType.Text);
                journal.Write(row.Tags, NpgsqlDbType.Text);
            }
            await journal.CompleteAsync();
        }
    }

    public async Task WriteSnapshotAsync(SnapshotRow snapshot)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id) VALUES (@p, @s, @c, @b, @m, @i)", connection);
        insert.Parameters.AddWithValue("p", snapshot.PersistenceId);
        insert.Parameters.AddWithValue("s", snapshot.SequenceNr);
        insert.Parameters.AddWithValue("c", snapshot.Created);
        insert.Parameters.AddWithValue("b", snapshot.Payload);
        insert.Parameters.AddWithValue("m", snapshot.Manifest);
        insert.Parameters.AddWithValue("i", AuditSerializer.SerializerId);
        await insert.ExecuteNonQueryAsync();
    }

    public async Task FinishAsync(long lastOrdering)
    {
        await using (var sequence = new NpgsqlCommand("SELECT setval(pg_get_serial_sequence('journal', 'ordering'), @last)", connection))
        {
            sequence.Parameters.AddWithValue("last", Math.Max(1, lastOrdering));
            await sequence.ExecuteScalarAsync();
        }
        await using var analyze = new NpgsqlCommand("ANALYZE journal; ANALYZE snapshot", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
