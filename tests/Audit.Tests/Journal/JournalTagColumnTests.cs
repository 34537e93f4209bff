using ActorMailProxy.Audit.Journal;

namespace ActorMailProxy.Audit.Tests.Journal;

/// <summary>
/// A journal an older version wrote in tag-table mode (no <c>journal.tags</c>, the tags in the tags table, as the
/// plugin's SQLite schema has them) gets the column and its tags moved into it, over several batches; a second start
/// finds nothing to do.
/// </summary>
public sealed class JournalTagColumnTests : IDisposable
{
    private const int Events = 45_000;

    private readonly string _dir = Directory.CreateTempSubdirectory("amp-tag-column-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_tag_table_journal_gets_its_tags_into_the_journal_rows_and_a_second_start_moves_nothing()
    {
        var journal = new JournalSpec.Sqlite(Path.Combine(_dir, "audit.db"));
        await ExecuteAsync(journal, $"""
            CREATE TABLE journal (ordering INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted Bit NOT NULL,
                persistence_id NVarChar(255) NOT NULL, sequence_number INTEGER NOT NULL, message VarBinary NOT NULL,
                manifest NVarChar(500) NULL, identifier INTEGER NULL, writer_uuid NVarChar(128) NULL);
            CREATE TABLE tags (ordering_id INTEGER NOT NULL, tag NVarChar(64) NOT NULL, sequence_nr INTEGER NOT NULL,
                persistence_id NVarChar(255) NOT NULL, CONSTRAINT PK_tags PRIMARY KEY (ordering_id, tag));
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Events})
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message) SELECT i, 0, 'audit-log', i, x'7b7d' FROM n;
            INSERT INTO tags SELECT ordering, 'audit', sequence_number, persistence_id FROM journal WHERE ordering <> 7;
            INSERT INTO tags VALUES (5, 'other', 5, 'audit-log');
            """);

        await JournalDatabase.PrepareAsync(journal, CancellationToken.None);

        Assert.Equal(Events - 2, await ScalarAsync(journal, "SELECT count(*) FROM journal WHERE tags = ';audit;'"));
        var two = await TextAsync(journal, "SELECT tags FROM journal WHERE ordering = 5");
        Assert.Equal(["audit", "other"], two.Split(';', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.True(two.StartsWith(';') && two.EndsWith(';'), two);
        // A row that had no tag keeps none.
        Assert.Equal(1, await ScalarAsync(journal, "SELECT count(*) FROM journal WHERE ordering = 7 AND tags IS NULL"));
        Assert.Equal(0, await ScalarAsync(journal, "SELECT count(*) FROM tags"));

        await using var connection = JournalDatabase.Open(journal);
        await connection.OpenAsync();
        Assert.Equal(0, await JournalTagColumn.EnsureAsync(connection, journal, CancellationToken.None));
    }

    [Fact]
    public async Task A_new_journal_is_left_to_the_plugin() =>
        Assert.Equal(0, await NewConnectionEnsureAsync(new JournalSpec.Sqlite(Path.Combine(_dir, "new.db"))));

    private static async Task<long> NewConnectionEnsureAsync(JournalSpec journal)
    {
        await using var connection = JournalDatabase.Open(journal);
        await connection.OpenAsync();
        return await JournalTagColumn.EnsureAsync(connection, journal, CancellationToken.None);
    }

    private static async Task ExecuteAsync(JournalSpec journal, string sql)
    {
        await using var connection = JournalDatabase.Open(journal);
        await connection.OpenAsync();
        await using var command = JournalDatabase.Command(connection, sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(JournalSpec journal, string sql) => Convert.ToInt64(await ValueAsync(journal, sql));

    private static async Task<string> TextAsync(JournalSpec journal, string sql) => (string)(await ValueAsync(journal, sql))!;

    private static async Task<object?> ValueAsync(JournalSpec journal, string sql)
    {
        await using var connection = JournalDatabase.Open(journal);
        await connection.OpenAsync();
        await using var command = JournalDatabase.Command(connection, sql);
        return await command.ExecuteScalarAsync();
    }
}
