using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.ReadModel;
using ActorMailProxy.Integration.Executable;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using Xunit.Abstractions;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// The audit index's rows and offset are written in one transaction: a node killed (SIGKILL) while it indexes a long
/// history goes on after its restart from where its last batch ended, and then holds each stored event exactly once.
/// </summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class AuditIndexCrashTests(TwoBackendsFixture backends, ITestOutputHelper output) : IDisposable
{
    /// <summary>The fixture's nine events copied this many times: long enough to index that the kill lands midway.</summary>
    private const int Copies = 10_000;

    private readonly string _dir = Directory.CreateTempSubdirectory("amp-index-crash-").FullName;

    [Fact]
    public async Task A_node_killed_while_indexing_goes_on_after_restart_and_holds_each_event_once()
    {
        var path = Path.Combine(_dir, "audit.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Audit", "Journals", "audit-log-2026-12-07.db"), path);
        var journal = new JournalSpec.Sqlite(path);
        await ExecuteAsync(journal, $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Copies})
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
            SELECT j.created, 0, 'audit-log-history', (n.i - 1) * 9 + j.sequence_number, j.message, j.manifest, j.identifier, j.writer_uuid
            FROM n, journal j WHERE j.persistence_id = 'audit-log' ORDER BY n.i, j.ordering;
            INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id)
            SELECT ordering, 'audit', sequence_number, persistence_id FROM journal WHERE persistence_id = 'audit-log-history';
            SELECT 0
            """);
        var stored = await ExecuteAsync(journal, "SELECT max(ordering) FROM journal");
        Assert.Equal(9 + 9 * Copies, stored);

        var killed = Start(path);
        await using (killed)
        {
            var midway = await WaitForOffsetAsync(journal, o => o > 0, TimeSpan.FromSeconds(60));
            killed.Kill();
            Assert.NotNull(await killed.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }
        var atKill = await AuditIndexTables.OffsetAsync(journal, CancellationToken.None);
        Assert.InRange(atKill, 1, stored - 1);

        await using var restarted = Start(path);
        var done = await WaitForOffsetAsync(journal, o => o == stored, TimeSpan.FromSeconds(180));
        output.WriteLine($"{stored} events; killed with {atKill} indexed, all {done} indexed after the restart");
        Assert.Equal(stored, done);
        Assert.Equal(stored, await ExecuteAsync(journal, "SELECT count(*) FROM audit_index"));
        Assert.Equal(0, await ExecuteAsync(journal, "SELECT count(*) FROM journal j WHERE NOT EXISTS (SELECT 1 FROM audit_index i WHERE i.ordering = j.ordering)"));
    }

    private ProxyProcess Start(string journal) => ProxyProcess.StartExecutable("-P", "POP3", "-l", $"{LoopbackPorts.Take(1)[0]}", "-b", "127.0.0.1",
        "-M", "", "-s", backends.Alpha.Host, "-p", $"{backends.Alpha.Pop3Port}", "-F", "-", "--journal", "sqlite:" + journal,
        "--audit_spool", Path.Combine(_dir, "spool"));

    private static async Task<long> WaitForOffsetAsync(JournalSpec journal, Func<long, bool> reached, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var offset = 0L;
        while (DateTime.UtcNow < deadline)
        {
            if (await ExistsAsync(journal) && reached(offset = await AuditIndexTables.OffsetAsync(journal, CancellationToken.None)))
            {
                break;
            }
            await Task.Delay(20);
        }
        return offset;
    }

    private static async Task<bool> ExistsAsync(JournalSpec journal) =>
        await ExecuteAsync(journal, "SELECT count(*) FROM sqlite_master WHERE name = 'audit_offsets'") > 0;

    private static async Task<long> ExecuteAsync(JournalSpec journal, string sql)
    {
        await using var connection = JournalDatabase.Open(journal);
        await connection.OpenAsync();
        await using var command = JournalDatabase.Command(connection, sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
