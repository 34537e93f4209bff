using System.Runtime.Versioning;
using ActorMailProxy.Integration.Cluster;
using ActorMailProxy.Integration.Executable;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// Single-node processes started perdition's way, one per protocol, in one working directory with the audit defaults
/// (no --journal, no --audit_spool) and systemd's STATE_DIRECTORY: they share the journal file, each under a log of its
/// own, each with its own spool; the state is private to the service's user; one spool is never shared.
/// </summary>
[Collection(TwoBackendsCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class SideBySideProcessesTests(TwoBackendsFixture backends) : IDisposable
{
    private const int Sessions = 20;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = PrivateFile | UnixFileMode.UserExecute;

    private readonly string _work = Directory.CreateTempSubdirectory("amp-side-by-side-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>Not there before the first process: the process creates it.</summary>
    private string State => Path.Combine(_work, "state");

    private string Journal => Path.Combine(State, "actormailproxy-audit.db");

    private Dictionary<string, string> Environment => new() { ["STATE_DIRECTORY"] = State };

    /// <summary>One protocol on its own port in front of Alpha, logging to stdout; perdition's config file kept out.</summary>
    private ProxyProcess Start(string protocol, int port, int backendPort, params string[] args) =>
        ProxyProcess.StartWithAuditDefaults(_work, Environment,
            ["-P", protocol, "-l", $"{port}", "-b", "127.0.0.1", "-M", "", "-s", backends.Alpha.Host, "-p", $"{backendPort}", "-F", "-", "-f", "", .. args]);

    /// <summary>The log a partition belongs to: its persistence id without the partition's number.</summary>
    private static string LogOf(string persistenceId) => persistenceId[..persistenceId.LastIndexOf('-')];

    private static async Task<IReadOnlyDictionary<string, List<StoredAuditEvent>>> ByLogAsync(string journal, int sessionsEach) =>
        (await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadSqliteAsync(journal),
            rows => rows.GroupBy(r => LogOf(r.PersistenceId)).Count(g => g.Count(r => r.Manifest == "closed") >= sessionsEach) == 2, TimeSpan.FromSeconds(60)))
        .GroupBy(r => LogOf(r.PersistenceId)).ToDictionary(g => g.Key, g => g.ToList());

    [Fact]
    public async Task Two_processes_with_the_default_journal_and_spool_each_store_their_whole_trail_in_the_shared_journal()
    {
        var (popPort, imapPort) = (LoopbackPorts.Take(1)[0], LoopbackPorts.Take(1)[0]);
        var feed = Path.Combine(_work, "pop3-feed.log");
        await using var pop = Start("POP3", popPort, backends.Alpha.Pop3Port, "--audit_feed", feed);
        await pop.WaitForOutputAsync("ActorMailProxy ready");
        await using var imap = Start("IMAP4", imapPort, backends.Alpha.ImapPort);
        await imap.WaitForOutputAsync("ActorMailProxy ready");

        // Both at once: the two processes write the one SQLite file side by side.
        await Task.WhenAll(Enumerable.Range(0, Sessions).SelectMany(i => new[]
        {
            AuditedSessions.SessionAsync(new MailEndpoints("127.0.0.1", popPort, 0), 2 * i, succeeds: true),
            AuditedSessions.SessionAsync(new MailEndpoints("127.0.0.1", 0, imapPort), 2 * i + 1, succeeds: true),
        }));
        var logs = await ByLogAsync(Journal, Sessions);

        var popLog = $"audit-log@127.0.0.1-{popPort}";
        var imapLog = $"audit-log@127.0.0.1-{imapPort}";
        Assert.Equal(new[] { popLog, imapLog }.Order(StringComparer.Ordinal), logs.Keys.Order(StringComparer.Ordinal));
        foreach (var (log, protocol, port) in new[] { (popLog, "POP3", popPort), (imapLog, "IMAP4", imapPort) })
        {
            var events = logs[log].Select(r => r.Event).ToList();
            Assert.Equal(new Dictionary<string, int> { ["closed"] = Sessions, ["login-ok"] = Sessions, ["opened"] = Sessions },
                logs[log].GroupBy(r => r.Manifest).ToDictionary(g => g.Key, g => g.Count()));
            Assert.All(events, e => Assert.Equal((protocol, $"127.0.0.1:{port}"), (e.Session.Protocol, e.Session.Server)));
            Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        }
        foreach (var (process, port) in new[] { (pop, popPort), (imap, imapPort) })
        {
            Assert.DoesNotContain("UNIQUE constraint", process.Output);
            Assert.Contains($"Audit spool {State}/spool-127.0.0.1-{port}: nothing left from an earlier run", process.Output);
        }

        // The audit command finds the default journal as the nodes do, and reads both logs by their tag.
        await using var query = ProxyProcess.StartWithAuditDefaults(_work, Environment, "audit", "query", "--ip", "127.0.0.1");
        var exit = await query.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var lines = AuditCliOutput.Lines(new CliRun(exit ?? -1, query.Output));
        Assert.Equal(0, exit);
        Assert.Equal(4 * Sessions, lines.Count(l => l.Text.StartsWith("Connect: ", StringComparison.Ordinal) || l.Text.StartsWith("Close: ", StringComparison.Ordinal)));
        Assert.Equal(Sessions, lines.Count(l => l.Text.Contains("protocol=POP3 ", StringComparison.Ordinal)));
        Assert.Equal(Sessions, lines.Count(l => l.Text.Contains("protocol=IMAP4 ", StringComparison.Ordinal)));

        AssertPrivate(State, popPort, imapPort, feed);
    }

    /// <summary>The state directory 0700; in it the journal (and any -journal, -wal, -shm beside it) and every spool file 0600, spool directories 0700; the feed 0600.</summary>
    private void AssertPrivate(string state, int popPort, int imapPort, string feed)
    {
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(state));
        var journalFiles = Directory.EnumerateFiles(state, "actormailproxy-audit.db*").ToList();
        Assert.Contains(Journal, journalFiles);
        Assert.All(journalFiles, f => Assert.Equal((f, PrivateFile), (f, File.GetUnixFileMode(f))));
        foreach (var port in new[] { popPort, imapPort })
        {
            var spool = Path.Combine(state, $"spool-127.0.0.1-{port}");
            Assert.Equal(PrivateDirectory, File.GetUnixFileMode(spool));
            var files = Directory.EnumerateFiles(spool).ToList();
            Assert.Contains(Path.Combine(spool, "lock"), files);
            Assert.All(files, f => Assert.Equal((f, PrivateFile), (f, File.GetUnixFileMode(f))));
        }
        Assert.Equal(PrivateFile, File.GetUnixFileMode(feed));
    }

    [Fact]
    public async Task A_second_process_given_the_spool_another_holds_exits_1_with_one_line_naming_the_option()
    {
        var (popPort, imapPort) = (LoopbackPorts.Take(1)[0], LoopbackPorts.Take(1)[0]);
        var spool = Path.Combine(_work, "shared-spool");
        await using var first = Start("POP3", popPort, backends.Alpha.Pop3Port, "--audit_spool", spool);
        await first.WaitForOutputAsync("ActorMailProxy ready");

        await using var second = Start("IMAP4", imapPort, backends.Alpha.ImapPort, "--audit_spool", spool);

        Assert.Equal(1, await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal([$"actormailproxy: cannot start: the audit spool {spool} is in use by another process; give each process its own with --audit_spool DIR"], second.Errors);
        Assert.False(first.HasExited);
        await AuditedSessions.SessionAsync(new MailEndpoints("127.0.0.1", popPort, 0), 0, succeeds: true);
    }
}
