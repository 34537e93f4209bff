using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Routing.Tests.Maps.Sql;
using Xunit.Abstractions;

namespace ActorMailProxy.Integration.Audit.Retention;

/// <summary>The retention tests on PostgreSQL, the journal of a cluster: a schema of each test's own.</summary>
public sealed class PostgresJournalRetentionTests(PostgresFixture pg, ITestOutputHelper output) : JournalRetentionContract(output), IClassFixture<PostgresFixture>
{
    protected override async Task<JournalSpec> NewJournalAsync() => new JournalSpec.Postgres(await PostgresJournal.NewAsync(pg));

    [Fact]
    public async Task Prune_deletes_from_a_postgres_journal_and_never_prints_its_password()
    {
        var journal = await NewJournalAsync();
        await AgedJournal.WriteAsync(journal, DateTimeOffset.UtcNow);
        var connection = ((JournalSpec.Postgres)journal).ConnectionString;

        var run = await AuditCliOutput.RunAsync("prune", "--before", "90d", "--journal", "postgres:" + connection);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"Deleted {AgedJournal.Deletable} journal events older than ", run.Output);
        Assert.Equal([11, 12, 13, 14], await new RetentionDatabase(journal).SequenceNrsAsync(AgedJournal.Partition));
        Assert.DoesNotContain(pg.Password, run.Output);
    }
}
