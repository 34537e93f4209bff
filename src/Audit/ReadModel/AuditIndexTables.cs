using System.Data.Common;
using System.Text;
using ActorMailProxy.Audit.Journal;

namespace ActorMailProxy.Audit.ReadModel;

/// <summary>
/// The audit index in the journal's own database: <c>audit_index</c>, a row per stored event (<see cref="AuditIndexRow"/>)
/// indexed by user, mapped user, client address and time, and <c>audit_offsets</c>, how far in the log each projection
/// has come. Rows and offset are written in one transaction, so a projection that stops anywhere goes on where its last
/// batch ended; rows are keyed by the journal's ordering, so a batch written twice is stored once.
/// </summary>
public static class AuditIndexTables
{
    /// <summary>The name the index projection's offset is kept under.</summary>
    public const string Projection = "audit-index";

    /// <summary>Rows per INSERT statement: few round trips, and far below either database's limit on parameters.</summary>
    private const int RowsPerStatement = 100;

    private static readonly string[] Schema =
    [
        """
        CREATE TABLE IF NOT EXISTS audit_index (
          ordering BIGINT NOT NULL PRIMARY KEY,
          time_ms BIGINT NOT NULL,
          kind VARCHAR(32) NOT NULL,
          user_name VARCHAR(255) NULL,
          mapped_user VARCHAR(255) NULL,
          client_key CHAR(32) NULL)
        """,
        "CREATE INDEX IF NOT EXISTS audit_index_user ON audit_index (user_name, time_ms)",
        "CREATE INDEX IF NOT EXISTS audit_index_mapped_user ON audit_index (mapped_user, time_ms)",
        "CREATE INDEX IF NOT EXISTS audit_index_client ON audit_index (client_key, time_ms)",
        "CREATE INDEX IF NOT EXISTS audit_index_time ON audit_index (time_ms)",
        "CREATE TABLE IF NOT EXISTS audit_offsets (projection VARCHAR(64) NOT NULL PRIMARY KEY, ordering BIGINT NOT NULL)",
    ];

    /// <summary>The offset only moves forward: two writers (two processes on one SQLite file) never take it back.</summary>
    private const string SaveOffset = """
        INSERT INTO audit_offsets (projection, ordering) VALUES (@projection, @ordering)
        ON CONFLICT (projection) DO UPDATE SET ordering = CASE WHEN audit_offsets.ordering > excluded.ordering THEN audit_offsets.ordering ELSE excluded.ordering END
        """;

    public static async Task CreateAsync(JournalSpec spec, CancellationToken cancel)
    {
        await using var connection = JournalDatabase.Open(spec);
        await connection.OpenAsync(cancel);
        foreach (var statement in Schema)
        {
            await using var command = JournalDatabase.Command(connection, statement);
            await command.ExecuteNonQueryAsync(cancel);
        }
    }

    /// <summary>Whether the index exists in <paramref name="connection"/>'s database (a journal older than it has none).</summary>
    public static Task<bool> ExistAsync(DbConnection connection, JournalSpec spec, CancellationToken cancel) =>
        JournalDatabase.TablesExistAsync(connection, spec, cancel, "audit_index", "audit_offsets");

    /// <summary>Where the index projection stopped: the ordering of the last event indexed, 0 before the first.</summary>
    public static async Task<long> OffsetAsync(DbConnection connection, CancellationToken cancel)
    {
        await using var command = JournalDatabase.Command(connection, "SELECT ordering FROM audit_offsets WHERE projection = @projection", ("projection", Projection));
        return await command.ExecuteScalarAsync(cancel) is { } ordering and not DBNull ? Convert.ToInt64(ordering) : 0;
    }

    public static async Task<long> OffsetAsync(JournalSpec spec, CancellationToken cancel)
    {
        await using var connection = JournalDatabase.Open(spec);
        await connection.OpenAsync(cancel);
        return await OffsetAsync(connection, cancel);
    }

    /// <summary>Stores <paramref name="rows"/> and moves the offset to <paramref name="offset"/>, all or nothing.</summary>
    public static async Task WriteAsync(JournalSpec spec, IReadOnlyList<AuditIndexRow> rows, long offset, CancellationToken cancel)
    {
        await using var connection = JournalDatabase.Open(spec);
        await connection.OpenAsync(cancel);
        await using var transaction = await connection.BeginTransactionAsync(cancel);
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            await using var insert = Insert(connection, chunk);
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync(cancel);
        }
        await using var save = JournalDatabase.Command(connection, SaveOffset, ("projection", Projection), ("ordering", offset));
        save.Transaction = transaction;
        await save.ExecuteNonQueryAsync(cancel);
        await transaction.CommitAsync(cancel);
    }

    private static DbCommand Insert(DbConnection connection, IReadOnlyList<AuditIndexRow> rows)
    {
        var text = new StringBuilder("INSERT INTO audit_index (ordering, time_ms, kind, user_name, mapped_user, client_key) VALUES ");
        var parameters = new List<(string, object?)>(rows.Count * 6);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            text.Append(i == 0 ? "" : ", ").Append($"(@o{i}, @t{i}, @k{i}, @u{i}, @m{i}, @c{i})");
            parameters.AddRange([($"o{i}", r.Ordering), ($"t{i}", r.TimeMs), ($"k{i}", r.Kind), ($"u{i}", r.User), ($"m{i}", r.MappedUser), ($"c{i}", r.Client)]);
        }
        text.Append(" ON CONFLICT (ordering) DO NOTHING");
        return JournalDatabase.Command(connection, text.ToString(), [.. parameters]);
    }
}
