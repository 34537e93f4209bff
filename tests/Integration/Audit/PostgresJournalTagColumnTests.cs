using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Routing.Tests.Maps.Sql;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// A PostgreSQL journal an older version wrote in tag-table mode (no <c>journal.tags</c>, the tags in the tags table, as
/// the plugin's schema has them) gets the column and its tags moved into it, over several batches; a second start finds
/// nothing to do. The SQLite case is in the unit tests.
/// </summary>
public sealed class PostgresJournalTagColumnTests(PostgresFixture pg) : IClassFixture<PostgresFixture>
{
    private const int Events = 45_000;

    [Fact]
    public async Task A_tag_table_journal_gets_its_tags_into_the_journal_rows_and_a_second_start_moves_nothing()
    {
        var journal = new JournalSpec.Postgres(await PostgresJournal.NewAsync(pg));
        await ExecuteAsync(journal, $"""
            CREATE TABLE journal (ordering BIGSERIAL NOT NULL PRIMARY KEY, created BIGINT NOT NULL, deleted BOOLEAN NOT NULL,
                persistence_id VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, message BYTEA NOT NULL,
                manifest VARCHAR(500) NULL, identifier INTEGER NULL, writer_uuid VARCHAR(128) NULL);
            CREATE TABLE tags (ordering_id BIGINT NOT NULL, tag VARCHAR(64) NOT NULL, sequence_nr BIGINT NOT NULL,
                persistence_id VARCHAR(255) NOT NULL, PRIMARY KEY (ordering_id, tag));
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message)
                SELECT i, false, 'audit-log', i, '\x7b7d'::bytea FROM generate_series(1, {Events}) AS i;
            INSERT INTO tags SELECT ordering, 'audit', sequence_number, persistence_id FROM journal WHERE ordering <> 7;
            INSERT INTO tags VALUES (5, 'other', 5, 'audit-log');
            """);

        await JournalDatabase.PrepareAsync(journal, CancellationToken.None);

        Assert.Equal(Events - 2, await ScalarAsync(journal, "SELECT count(*) FROM journal WHERE tags = ';audit;'"));
        var two = (string)(await ValueAsync(journal, "SELECT tags FROM journal WHERE ordering = 5"))!;
        Assert.Equal(["audit", "other"], two.Split(';', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.True(two.StartsWith(';') && two.EndsWith(';'), two);
        Assert.Equal(1, await ScalarAsync(journal, "SELECT count(*) FROM journal WHERE ordering = 7 AND tags IS NULL"));
        Assert.Equal(0, await ScalarAsync(journal, "SELECT count(*) FROM tags"));

        await using var connection = JournalDatabase.Open(journal);
        await connection.OpenAsync();
        Assert.Equal(0, await JournalTagColumn.EnsureAsync(connection, journal, CancellationToken.None));
    }

    private static async Task ExecuteAsync(JournalSpec journal, string sql) => await ValueAsync(journal, sql);

    private static async Task<long> ScalarAsync(JournalSpec journal, string sql) => Convert.ToInt64(await ValueAsync(journal, sql));

    private static async Task<object?> ValueAsync(JournalSpec journal, string sql)
    {
        await using var connection = JournalDatabase.Open(journal);
        await connection.OpenAsync();
        await using var command = JournalDatabase.Command(connection, sql);
        return await command.ExecuteScalarAsync();
    }
}
