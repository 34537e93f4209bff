using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.Serialization;
using Microsoft.Data.Sqlite;

namespace ActorMailProxy.Bench.Audit;

/// <summary>
/// SQLite: one prepared INSERT, a transaction per batch of rows. The build alone uses the file, so it skips
/// the disk flushes (<c>synchronous = OFF</c>, for this connection only) and keeps a large page cache; the journal mode
/// the proxy chose for the file stays as it is.
/// </summary>
public sealed class SqliteJournalWriter : IJournalWriter
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _journal;

    public SqliteJournalWriter(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ConnectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;";
            pragma.ExecuteNonQuery();
        }
        _journal = _connection.CreateCommand();
        _journal.CommandText = "INSERT INTO journal (ordering, created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid, tags) " +
            $"VALUES ($o, $c, 0, $p, $s, $m, $t, {AuditSerializer.SerializerId}, $w, $g)";
        foreach (var name in new[] { "$o", "$c", "$p", "$s", "$m", "$t", "$w", "$g" })
        {
            _journal.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    public Task WriteAsync(IReadOnlyList<JournalRow> rows)
    {
        using var transaction = _connection.BeginTransaction();
        _journal.Transaction = transaction;
        var j = _journal.Parameters;
        foreach (var row in rows)
        {
            j[0].Value = row.Ordering;
            j[1].Value = row.Created;
            j[2].Value = row.PersistenceId;
            j[3].Value = row.SequenceNr;
            j[4].Value = row.Message;
            j[5].Value = row.Manifest;
            j[6].Value = row.WriterUuid;
            j[7].Value = row.Tags;
            _journal.ExecuteNonQuery();
        }
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task WriteSnapshotAsync(SnapshotRow snapshot)
    {
        using var insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id) VALUES ($p, $s, $c, $b, $m, $i)";
        insert.Parameters.AddWithValue("$p", snapshot.PersistenceId);
        insert.Parameters.AddWithValue("$s", snapshot.SequenceNr);
        insert.Parameters.AddWithValue("$c", snapshot.Created);
        insert.Parameters.AddWithValue("$b", snapshot.Payload);
        insert.Parameters.AddWithValue("$m", snapshot.Manifest);
        insert.Parameters.AddWithValue("$i", AuditSerializer.SerializerId);
        insert.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Nothing to do: an AUTOINCREMENT table records the largest ordering inserted, given or not, so the proxy's next
    /// row follows the last one. No ANALYZE either: a journal grown by the proxy has none.
    /// </summary>
    public Task FinishAsync(long lastOrdering) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _journal.Dispose();
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
