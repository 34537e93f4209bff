using ActorMailProxy.Audit.Journal;

using Microsoft.Data.Sqlite;

namespace ActorMailProxy.Audit.Tests.Journal;

/// <summary>The first look at a journal: there or not, holding the audit log or not, and where its newest events begin.</summary>
public sealed class JournalProbeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-probe-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private JournalSpec.Sqlite Sqlite(string name) => new(Path.Combine(_dir, name));

    /// <summary>The table the probe reads, as table-mapping = default names it, with the audit tag on <paramref name="orderings"/> and rows between without it.</summary>
    private async Task<JournalSpec.Sqlite> JournalWithTagsAsync(params long[] orderings)
    {
        var spec = Sqlite("audit.db");
        await using var connection = new SqliteConnection($"Data Source={spec.Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE journal (ordering INTEGER PRIMARY KEY, tags TEXT);"
            + string.Concat(orderings.Select(o => $"INSERT INTO journal VALUES ({o}, ';other;audit;'); INSERT INTO journal VALUES ({o + 100}, ';auditor;');"));
        await command.ExecuteNonQueryAsync();
        return spec;
    }

    [Fact]
    public async Task A_sqlite_file_that_does_not_exist_is_reported_and_not_created()
    {
        var spec = Sqlite("missing.db");
        var check = Assert.IsType<JournalCheck.Empty>(await JournalProbe.CheckAsync(spec, CancellationToken.None));
        Assert.Contains("does not exist", check.Reason);
        Assert.False(File.Exists(spec.Path));
    }

    [Fact]
    public async Task A_database_without_the_tables_holds_no_audit_log()
    {
        var spec = Sqlite("empty.db");
        await File.WriteAllBytesAsync(spec.Path, []);
        var check = Assert.IsType<JournalCheck.Empty>(await JournalProbe.CheckAsync(spec, CancellationToken.None));
        Assert.Contains("tables do not exist", check.Reason);
    }

    [Fact]
    public async Task A_journal_with_the_tables_is_ready() =>
        Assert.IsType<JournalCheck.Ready>(await JournalProbe.CheckAsync(await JournalWithTagsAsync(), CancellationToken.None));

    [Fact]
    public async Task A_journal_an_older_version_wrote_is_named_so_with_what_upgrades_it()
    {
        var spec = Sqlite("old.db");
        await using (var connection = new SqliteConnection($"Data Source={spec.Path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE journal (ordering INTEGER PRIMARY KEY); CREATE TABLE tags (ordering_id INTEGER, tag TEXT);";
            await command.ExecuteNonQueryAsync();
        }
        var check = Assert.IsType<JournalCheck.Older>(await JournalProbe.CheckAsync(spec, CancellationToken.None));
        Assert.Contains("written by an older version: start a node of this version on it once", check.Reason);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_unreachable_with_the_drivers_reason()
    {
        var spec = Sqlite("text.db");
        await File.WriteAllTextAsync(spec.Path, "not a database, just text that is long enough to have a header page of its own.........");
        var check = Assert.IsType<JournalCheck.Unreachable>(await JournalProbe.CheckAsync(spec, CancellationToken.None));
        Assert.StartsWith($"cannot read the audit journal sqlite:{spec.Path}: ", check.Reason);
    }

    [Fact]
    public async Task An_unreachable_postgres_is_named_without_its_password()
    {
        var spec = new JournalSpec.Postgres("Host=127.0.0.1;Port=1;Username=audit;Password=Pw-Probe-5;Database=audit;Timeout=2");
        var check = Assert.IsType<JournalCheck.Unreachable>(await JournalProbe.CheckAsync(spec, CancellationToken.None));
        Assert.Contains("Password=***", check.Reason);
        Assert.DoesNotContain("Pw-Probe-5", check.Reason);
    }

    [Theory]
    [InlineData(2, 7)]
    [InlineData(1, 9)]
    [InlineData(0, 12)]
    [InlineData(4, 0)]
    [InlineData(10, 0)]
    public async Task The_newest_events_begin_after_the_offset_the_tagged_rows_give(int count, long offset)
    {
        var spec = await JournalWithTagsAsync(3, 7, 9, 12);
        Assert.Equal(offset, await JournalProbe.OffsetBeforeLastAsync(spec, "audit", count, CancellationToken.None));
    }

    [Fact]
    public void A_password_in_a_drivers_message_is_redacted()
    {
        var spec = new JournalSpec.Postgres("Host=db;Username=audit;Password=Pw-Redact-3");
        Assert.Equal("auth failed for *** at db", spec.Redact("auth failed for Pw-Redact-3 at db"));
        Assert.Equal("as it was", Sqlite("x.db").Redact("as it was"));
    }
}
