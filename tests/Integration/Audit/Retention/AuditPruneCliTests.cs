using System.Globalization;
using System.Text.RegularExpressions;
using ActorMailProxy.Audit.Journal;
using Microsoft.Data.Sqlite;
using static ActorMailProxy.Integration.Audit.Retention.AgedJournal;

namespace ActorMailProxy.Integration.Audit.Retention;

/// <summary><c>actormailproxy audit prune</c> as its own process, on a SQLite journal Akka wrote and the test aged.</summary>
public sealed partial class AuditPruneCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-prune-").FullName;

    private string Path => System.IO.Path.Combine(_dir, "audit.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Prune_deletes_the_old_events_a_snapshot_covers_says_how_many_and_a_second_run_finds_none()
    {
        var journal = new JournalSpec.Sqlite(Path);
        await AgedJournal.WriteAsync(journal, DateTimeOffset.UtcNow);
        var earliest = DateTimeOffset.UtcNow - KeptFor;

        var run = await AuditCliOutput.RunAsync("prune", "--before", "90d", "--journal", "sqlite:" + Path);

        Assert.Equal(0, run.ExitCode);
        // A line per store of history: the journal's, then the audit index's (none here: no node indexed this journal).
        var lines = run.Output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        var printed = PrunedLine().Match(lines[0]);
        Assert.True(printed.Success, run.Output);
        Assert.Equal($"Deleted 0 indexed events older than {printed.Groups[2].Value}", lines[1]);
        Assert.Equal(Deletable, long.Parse(printed.Groups[1].Value, CultureInfo.InvariantCulture));
        // 90 days before the command ran, to the second.
        var cutoff = DateTimeOffset.Parse(printed.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(cutoff, earliest.AddSeconds(-1), DateTimeOffset.UtcNow - KeptFor);
        var db = new RetentionDatabase(journal);
        Assert.Equal([11, 12, 13, 14], await db.SequenceNrsAsync(Partition));
        Assert.Equal([5], await db.SequenceNrsAsync(Standalone));
        Assert.Equal(6, (await db.SequenceNrsAsync(Unsnapshotted)).Count);

        var again = await AuditCliOutput.RunAsync("prune", "--before", printed.Groups[2].Value, "--journal", "sqlite:" + Path);
        Assert.Equal((0, $"Deleted 0 journal events older than {printed.Groups[2].Value}\nDeleted 0 indexed events older than {printed.Groups[2].Value}"),
            (again.ExitCode, again.Output.Trim()));
    }

    [Fact]
    public async Task Prune_of_a_missing_journal_is_exit_1_and_without_a_good_date_exit_2()
    {
        var missing = await AuditCliOutput.RunAsync("prune", "--before", "90d", "--journal", "sqlite:" + Path);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"actormailproxy: there is no audit journal at sqlite:{Path}: the file does not exist", missing.Output.Trim());
        Assert.False(File.Exists(Path));

        var bad = await AuditCliOutput.RunAsync("prune", "--before", "soon", "--journal", "sqlite:" + Path);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("option --before: 'soon' is neither", bad.Output);
        var none = await AuditCliOutput.RunAsync("prune", "--journal", "sqlite:" + Path);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("needs --before DATE", none.Output);
    }

    [GeneratedRegex(@"^Deleted (\d+) journal events older than (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$")]
    private static partial Regex PrunedLine();
}
