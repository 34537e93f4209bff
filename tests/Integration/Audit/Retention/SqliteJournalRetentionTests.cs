using ActorMailProxy.Audit.Journal;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace ActorMailProxy.Integration.Audit.Retention;

/// <summary>The retention tests on a SQLite file, the journal of a single node.</summary>
public sealed class SqliteJournalRetentionTests(ITestOutputHelper output) : JournalRetentionContract(output), IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-retention-").FullName;

    protected override Task<JournalSpec> NewJournalAsync() => Task.FromResult<JournalSpec>(new JournalSpec.Sqlite(Path.Combine(_dir, "audit.db")));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
