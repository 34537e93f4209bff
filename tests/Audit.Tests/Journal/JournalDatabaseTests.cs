using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Journal;

namespace ActorMailProxy.Audit.Tests.Journal;

/// <summary>Where in a real SQLite journal a point in time begins: what a restarted node reads from, instead of the whole log.</summary>
public sealed class JournalDatabaseTests : SqliteJournalTestKit
{
    [Fact]
    public async Task The_offset_before_a_time_is_just_before_the_first_row_written_since_then()
    {
        Assert.Equal(0, await JournalDatabase.OffsetBeforeAsync(Journal, DateTimeOffset.UtcNow, CancellationToken.None));
        Store(AuditSamples.OneOfEach().ToArray());
        // The first three rows as if written two hours ago.
        var twoHoursAgo = DateTimeOffset.UtcNow.AddHours(-2).UtcTicks;
        await ExecuteAsync($"UPDATE journal SET created = {twoHoursAgo} WHERE ordering <= 3");

        Assert.Equal(3, await JournalDatabase.OffsetBeforeAsync(Journal, DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None));
        Assert.Equal(0, await JournalDatabase.OffsetBeforeAsync(Journal, DateTimeOffset.UtcNow.AddHours(-3), CancellationToken.None));
        // Nothing written since: read after the last row, i.e. only what comes.
        Assert.Equal(6, await JournalDatabase.OffsetBeforeAsync(Journal, DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None));
        Assert.Equal("wal", await ScalarTextAsync("PRAGMA journal_mode"));
    }

    private async Task<string> ScalarTextAsync(string sql)
    {
        await using var connection = JournalDatabase.Open(Journal);
        await connection.OpenAsync();
        await using var command = JournalDatabase.Command(connection, sql);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
