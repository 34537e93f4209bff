using ActorMailProxy.Audit.Journal;

namespace ActorMailProxy.Integration.Audit.TagColumn;

/// <summary>
/// A journal an older version wrote in tag-table mode (no <c>journal.tags</c>, the tags in the tags table, as the
/// plugin's schema has them) gets the column and its tags moved into it, over several batches; a second start finds
/// nothing to do. Each database makes the old schema its own way.
/// </summary>
public abstract class JournalTagColumnContract
{
    protected const int Events = 45_000;

    /// <summary>
    /// A new journal with the older version's tables, rows 1..<see cref="Events"/> of <c>audit-log</c>, each tagged
    /// <c>audit</c> in the tags table except row 7, and row 5 also <c>other</c>.
    /// </summary>
    protected abstract Task<JournalSpec> OlderJournalAsync();

    /// <summary>The SQL that tags the rows as <see cref="OlderJournalAsync"/> says, once the journal rows are in.</summary>
    protected const string TagRows = """
        INSERT INTO tags SELECT ordering, 'audit', sequence_number, persistence_id FROM journal WHERE ordering <> 7;
        INSERT INTO tags VALUES (5, 'other', 5, 'audit-log');
        """;

    [Fact]
    public async Task A_tag_table_journal_gets_its_tags_into_the_journal_rows_and_a_second_start_moves_nothing()
    {
        var journal = await OlderJournalAsync();

        await JournalDatabase.PrepareAsync(journal, CancellationToken.None);

        Assert.Equal(Events - 2, Convert.ToInt64(await ValueAsync(journal, "SELECT count(*) FROM journal WHERE tags = ';audit;'")));
        var two = (string)(await ValueAsync(journal, "SELECT tags FROM journal WHERE ordering = 5"))!;
        Assert.Equal(["audit", "other"], two.Split(';', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.True(two.StartsWith(';') && two.EndsWith(';'), two);
        // A row that had no tag keeps none.
        Assert.Equal(1L, Convert.ToInt64(await ValueAsync(journal, "SELECT count(*) FROM journal WHERE ordering = 7 AND tags IS NULL")));
        Assert.Equal(0L, Convert.ToInt64(await ValueAsync(journal, "SELECT count(*) FROM tags")));

        await using var connection = JournalDatabase.Open(journal);
        await connection.OpenAsync();
        Assert.Equal(0, await JournalTagColumn.EnsureAsync(connection, journal, CancellationToken.None));
    }

    protected static async Task<object?> ValueAsync(JournalSpec journal, string sql)
    {
        await using var connection = JournalDatabase.Open(journal);
        await connection.OpenAsync();
        await using var command = JournalDatabase.Command(connection, sql);
        return await command.ExecuteScalarAsync();
    }
}
