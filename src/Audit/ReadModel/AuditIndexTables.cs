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
        if (spec is JournalSpec.Sqlite)
        {
            await InsertEachAsync(connection, transaction, rows, cancel);
        }
        else
        {
            foreach (var chunk in rows.Chunk(RowsPerStatement))
            {
                await using var insert = InsertMany(connection, chunk);
                insert.Transaction = transaction;
                await insert.ExecuteNonQueryAsync(cancel);
            }
        }
        await using var save = JournalDatabase.Command(connection, SaveOffset, ("projection", Projection), ("ordering", offset));
        save.Transaction = transaction;
        await save.ExecuteNonQueryAsync(cancel);
        await transaction.CommitAsync(cancel);
    }

    /// <summary>
    /// SQLite: one statement, prepared once and run per row. A round trip costs nothing in process, while SQLite binds a
    /// parameter by name with a walk of the statement's parameter list: a statement of many rows costs its rows squared
    /// (most of the index's CPU at 100 rows of 6 parameters).
    /// </summary>
    private static async Task InsertEachAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditIndexRow> rows, CancellationToken cancel)
    {
        await using var insert = JournalDatabase.Command(connection, InsertText(1), Parameters(0, null));
        insert.Transaction = transaction;
        await insert.PrepareAsync(cancel);
        foreach (var row in rows)
        {
            foreach (var (name, value) in Parameters(0, row))
            {
                insert.Parameters[name].Value = value ?? DBNull.Value;
            }
            await insert.ExecuteNonQueryAsync(cancel);
        }
    }

    /// <summary>PostgreSQL: up to <see cref="RowsPerStatement"/> rows a statement, each statement a round trip.</summary>
    private static DbCommand InsertMany(DbConnection connection, IReadOnlyList<AuditIndexRow> rows) =>
        JournalDatabase.Command(connection, InsertText(rows.Count), [.. rows.SelectMany((row, i) => Parameters(i, row))]);

    private static string InsertText(int rows)
    {
        var text = new StringBuilder("INSERT INTO audit_index (ordering, time_ms, kind, user_name, mapped_user, client_key) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append($"(@o{i}, @t{i}, @k{i}, @u{i}, @m{i}, @c{i})");
        }
        return text.Append(" ON CONFLICT (ordering) DO NOTHING").ToString();
    }

    /// <summary>
    /// The parameters of the <paramref name="i"/>th row of a statement, with <paramref name="row"/>'s values (none: all
    /// null). Named as the text names them: Microsoft.Data.Sqlite looks a bare name up under each prefix in turn.
    /// </summary>
    private static (string, object?)[] Parameters(int i, AuditIndexRow? row) =>
    [
        ($"@o{i}", row?.Ordering), ($"@t{i}", row?.TimeMs), ($"@k{i}", row?.Kind), ($"@u{i}", row?.User), ($"@m{i}", row?.MappedUser), ($"@c{i}", row?.Client),
    ];
}
