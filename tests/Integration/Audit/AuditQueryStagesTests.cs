using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.ReadModel;
using ActorMailProxy.Audit.Serialization;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// <c>audit query</c> on the fixture journal of the version before (alice's session from 127.0.0.5 in rows 1–3, nina's
/// from 127.0.0.6 in 4–6, bob's failed one from 127.0.0.7 in 7–9) at each stage an operator may meet it in: not
/// upgraded yet, upgraded without an index, and with an index that lags behind the log.
/// </summary>
public sealed class AuditQueryStagesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-query-stages-").FullName;
    private readonly JournalSpec.Sqlite _journal;

    public AuditQueryStagesTests()
    {
        _journal = new JournalSpec.Sqlite(Path.Combine(_dir, "audit.db"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Audit", "Journals", "audit-log-2026-12-07.db"), _journal.Path);
    }

    [Fact]
    public async Task A_journal_not_upgraded_yet_is_exit_1_saying_a_node_upgrades_it()
    {
        var run = await AuditCliOutput.RunAsync("query", "--user", "alice", "--journal", "sqlite:" + _journal.Path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"the audit journal sqlite:{_journal.Path} was written by an older version: start a node of this version on it once, which upgrades it", run.Output);
    }

    [Fact]
    public async Task Without_an_index_the_whole_log_is_read_and_the_operator_told_so()
    {
        await JournalDatabase.PrepareAsync(_journal, CancellationToken.None);
        var run = await AuditCliOutput.RunAsync("query", "--ip", "127.0.0.7", "--journal", "sqlite:" + _journal.Path);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("this journal has no audit index yet (a node of this version builds it): reading the whole log", run.Output);
        Assert.Equal(["Connect", "Auth", "Close"], EventLines(run).Select(l => l[..l.IndexOf(':')]));
    }

    [Fact]
    public async Task An_index_behind_the_log_is_completed_from_the_rows_after_it()
    {
        await JournalDatabase.PrepareAsync(_journal, CancellationToken.None);
        await AuditIndexTables.CreateAsync(_journal, CancellationToken.None);
        // The index holds alice's session and nina's connect: rows 5–9 are not in it yet.
        var rows = await ReadRowsAsync(upTo: 4);
        await AuditIndexTables.WriteAsync(_journal, rows, offset: 4, CancellationToken.None);

        // A connect names no user yet: a user's events are its login and close.
        var alice = await AuditCliOutput.RunAsync("query", "--user", "alice", "--journal", "sqlite:" + _journal.Path);
        Assert.Equal(["Auth", "Close"], EventLines(alice).Select(Kind));
        var nina = await AuditCliOutput.RunAsync("query", "--ip", "127.0.0.6", "--journal", "sqlite:" + _journal.Path);
        Assert.Equal(["Connect", "Auth", "Close"], EventLines(nina).Select(Kind));
        var bob = await AuditCliOutput.RunAsync("query", "--ip", "127.0.0.7", "--journal", "sqlite:" + _journal.Path);
        Assert.Equal(["Connect", "Auth", "Close"], EventLines(bob).Select(Kind));
        Assert.All(new[] { alice, nina, bob }, run => Assert.DoesNotContain("no audit index", run.Output));
    }

    private static string Kind(string line) => line[..line.IndexOf(':')];

    private static IEnumerable<string> EventLines(Cluster.CliRun run) =>
        AuditCliOutput.Lines(run with { Output = string.Join('\n', run.Output.Split('\n').Where(l => !l.StartsWith("actormailproxy:", StringComparison.Ordinal))) })
            .Select(l => l.Text);

    private async Task<IReadOnlyList<AuditIndexRow>> ReadRowsAsync(long upTo)
    {
        await using var connection = JournalDatabase.Open(_journal);
        await connection.OpenAsync();
        await using var command = JournalDatabase.Command(connection, "SELECT ordering, message, manifest FROM journal WHERE ordering <= @up ORDER BY ordering", ("up", upTo));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<AuditIndexRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(AuditIndexRow.From(reader.GetInt64(0), (ActorMailProxy.Audit.Events.AuditEvent)AuditSerializer.Read((byte[])reader.GetValue(1), reader.GetString(2))));
        }
        return rows;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
