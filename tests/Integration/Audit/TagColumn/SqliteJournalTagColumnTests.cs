using ActorMailProxy.Audit.Journal;

namespace ActorMailProxy.Integration.Audit.TagColumn;

/// <summary>The tag move on SQLite, and a journal that does not exist yet left to the plugin.</summary>
public sealed class SqliteJournalTagColumnTests : JournalTagColumnContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-tag-column-").FullName;

    protected override async Task<JournalSpec> OlderJournalAsync()
    {
        var journal = new JournalSpec.Sqlite(Path.Combine(_dir, "audit.db"));
        await ValueAsync(journal, $"""
            CREATE TABLE journal (ordering INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted Bit NOT NULL,
                persistence_id NVarChar(255) NOT NULL, sequence_number INTEGER NOT NULL, message VarBinary NOT NULL,
                manifest NVarChar(500) NULL, identifier INTEGER NULL, writer_uuid NVarChar(128) NULL);
            CREATE TABLE tags (ordering_id INTEGER NOT NULL, tag NVarChar(64) NOT NULL, sequence_nr INTEGER NOT NULL,
                persistence_id NVarChar(255) NOT NULL, CONSTRAINT PK_tags PRIMARY KEY (ordering_id, tag));
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Events})
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message) SELECT i, 0, 'audit-log', i, x'7b7d' FROM n;
            {TagRows}
            """);
        return journal;
    }

    [Fact]
    public async Task A_new_journal_is_left_to_the_plugin()
    {
        var journal = new JournalSpec.Sqlite(Path.Combine(_dir, "new.db"));
        await using var connection = JournalDatabase.Open(journal);
        await connection.OpenAsync();
        Assert.Equal(0, await JournalTagColumn.EnsureAsync(connection, journal, CancellationToken.None));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
