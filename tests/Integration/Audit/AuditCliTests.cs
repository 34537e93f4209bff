using System.Globalization;
using System.Text.Json;
using ActorMailProxy.Integration.Cluster;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Proxy;
using ActorMailProxy.Integration.Executable;
using ActorMailProxy.Integration.Fixtures.Dovecot;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// <c>actormailproxy audit tail|query</c> as its own process, reading the SQLite journal a running proxy writes after
/// real logins against Dovecot: perdition's lines (the same text the proxy's live log has), the filters, --follow.
/// </summary>
[Collection(TwoBackendsCollection.Name)]
public sealed class AuditCliTests(TwoBackendsFixture backends)
{
    private static string Journal(RunningProxy proxy) => "sqlite:" + proxy.JournalPath;

    private static string Kind(AuditCliLine line) => line.Text[..line.Text.IndexOf(':')];

    /// <summary>Waits until the journal holds a close for each of <paramref name="connections"/>: the last event of each.</summary>
    private static Task StoredAsync(RunningProxy proxy, int connections) =>
        AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadSqliteAsync(proxy.JournalPath),
            r => r.Count(e => e.Manifest == "closed") >= connections, TimeSpan.FromSeconds(20));

    [Fact]
    public async Task Tail_prints_each_sessions_connect_auth_and_close_as_perditions_lines_the_live_log_also_has()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha);
        var sessions = await AuditedSessions.RunAsync(proxy, succeeded: 2, failed: 1);
        await StoredAsync(proxy, sessions.Connections);

        var run = await AuditCliOutput.RunAsync("tail", "-n", "100", "--journal", Journal(proxy));

        Assert.Equal(0, run.ExitCode);
        var lines = AuditCliOutput.Lines(run);
        Assert.Equal(sessions.ExpectedKinds.Values.Sum(), lines.Count);
        Assert.Single(lines.Select(l => l.Node).Distinct());
        Assert.Equal(lines.OrderBy(l => l.Time).Select(l => l.Text), lines.Select(l => l.Text));
        Assert.Equal(3, lines.Count(l => l.Text.StartsWith("Connect: 127.0.0.1:", StringComparison.Ordinal)));
        Assert.Equal(3, lines.Count(l => l.Text.StartsWith("Close: 127.0.0.1:", StringComparison.Ordinal)));
        var auth = lines.Where(l => l.Text.StartsWith("Auth: ", StringComparison.Ordinal)).Select(l => l.Text).ToList();
        Assert.Single(auth, a => System.Text.RegularExpressions.Regex.IsMatch(a,
            $@"^Auth: 127\.0\.0\.1:\d+->127\.0\.0\.1:{proxy.Pop3Port} client-secure=plaintext authorisation_id=NONE authentication_id=""alice"" server=""127\.0\.0\.1:{backends.Alpha.Pop3Port}"" protocol=POP3 server-secure=plaintext status=""ok""$"));
        Assert.Single(auth, a => a.Contains($"authentication_id=\"grace\" server=\"127.0.0.1:{backends.Alpha.ImapPort}\" protocol=IMAP4 server-secure=plaintext status=\"ok\"", StringComparison.Ordinal));
        Assert.Single(auth, a => a.Contains("authentication_id=\"bob\"", StringComparison.Ordinal) && a.EndsWith("status=\"failed: backend refused the credentials\"", StringComparison.Ordinal));
        // One writer for both: every line the live log has for these sessions is there word for word (it logs no close before login).
        var log = proxy.LogText();
        Assert.All(lines.Where(l => !l.Text.Contains("authentication_id=\"\" received=", StringComparison.Ordinal)), l => Assert.Contains(l.Text, log));
        AuditJournalAssert.NoSecretIn(run.Output, "audit tail");

        var lastTwo = await AuditCliOutput.RunAsync("tail", "-n", "2", "--journal", Journal(proxy));
        Assert.Equal(lines.TakeLast(2), AuditCliOutput.Lines(lastTwo));
    }

    [Fact]
    public async Task Query_finds_exactly_the_events_of_a_client_address_a_user_or_a_time()
    {
        // Per-IP limit 1 for 127.0.0.3 only: a second connection from there is refused, and that is an event too.
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha, "--ip_connection_limit", "1", "--limit_exempt", "127.0.0.1/32");
        var sessions = await AuditedSessions.RunAsync(proxy, succeeded: 2, failed: 1);
        await using (var held = await RawLineClient.ConnectFromAsync("127.0.0.3", proxy.Host, proxy.ImapPort))
        {
            Assert.StartsWith("* OK", await held.ReadLineAsync());
            await using var refused = await RawLineClient.ConnectFromAsync("127.0.0.3", proxy.Host, proxy.ImapPort);
            Assert.StartsWith("* BYE [LIMIT]", await refused.ReadLineAsync());
        }
        await StoredAsync(proxy, sessions.Connections + 2);
        var journal = Journal(proxy);

        var local = AuditCliOutput.Lines(await AuditCliOutput.RunAsync("query", "--ip", "127.0.0.1", "--journal", journal));
        Assert.Equal(sessions.ExpectedKinds.Values.Sum(), local.Count);
        Assert.All(local, l => Assert.Matches(@"^\w+: 127\.0\.0\.1:\d+->", l.Text));

        var three = AuditCliOutput.Lines(await AuditCliOutput.RunAsync("query", "--ip", "127.0.0.3", "--journal", journal));
        Assert.Equal(["Close", "Close", "Connect", "Connect", "Refused"], three.Select(Kind).Order(StringComparer.Ordinal));
        Assert.Single(three, l => System.Text.RegularExpressions.Regex.IsMatch(l.Text, $@"^Refused: 127\.0\.0\.3:\d+->127\.0\.0\.1:{proxy.ImapPort} authentication_id="""" limit=""ip:127\.0\.0\.3""$"));

        var nobody = await AuditCliOutput.RunAsync("query", "--ip", "127.0.0.9", "--journal", journal);
        Assert.Equal((0, ""), (nobody.ExitCode, nobody.Output));

        // A connect comes before the user is known: the user's events are its login and its close.
        var alice = AuditCliOutput.Lines(await AuditCliOutput.RunAsync("query", "--user", "ALICE", "--journal", journal));
        Assert.Equal(["Auth", "Close"], alice.Select(Kind));
        Assert.All(alice, l => Assert.Contains("authentication_id=\"alice\"", l.Text));

        var future = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var later = await AuditCliOutput.RunAsync("query", "--since", future, "--journal", journal);
        Assert.Equal((0, ""), (later.ExitCode, later.Output));
        var lastHour = AuditCliOutput.Lines(await AuditCliOutput.RunAsync("query", "--since", "1h", "--ip", "127.0.0.0/8", "--journal", journal));
        Assert.Equal(local.Count + three.Count, lastHour.Count);
    }

    [Fact]
    public async Task Query_json_prints_one_object_per_event_that_parses_back()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha);
        var sessions = await AuditedSessions.RunAsync(proxy, succeeded: 1, failed: 1);
        await StoredAsync(proxy, sessions.Connections);

        var run = await AuditCliOutput.RunAsync("query", "--ip", "127.0.0.1", "--json", "--journal", Journal(proxy));

        Assert.Equal(0, run.ExitCode);
        var events = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(sessions.ExpectedKinds.Values.Sum(), events.Count);
        Assert.Equal(["close", "close", "connect", "connect", "login-failed", "login-ok"], events.Select(e => e.GetProperty("event").GetString()).Order(StringComparer.Ordinal));
        var ok = Assert.Single(events, e => e.GetProperty("event").GetString() == "login-ok");
        Assert.Equal(("alice", "POP3", $"127.0.0.1:{backends.Alpha.Pop3Port}"), (ok.GetProperty("user").GetString(), ok.GetProperty("protocol").GetString(), ok.GetProperty("backend").GetString()));
        var failed = Assert.Single(events, e => e.GetProperty("event").GetString() == "login-failed");
        Assert.Equal(("bob", "rejected"), (failed.GetProperty("user").GetString(), failed.GetProperty("reason").GetString()));
        Assert.All(events.Where(e => e.GetProperty("event").GetString() == "close"), e => Assert.True(e.GetProperty("duration_ms").GetInt64() >= 0));
        AuditJournalAssert.NoSecretIn(run.Output, "audit query --json");
    }

    [Fact]
    public async Task Tail_follow_prints_a_session_made_after_it_started_and_sigterm_ends_it_with_exit_0()
    {
        await using var proxy = await RunningProxy.InFrontOfAsync(backends.Alpha);
        var sessions = await AuditedSessions.RunAsync(proxy, succeeded: 1, failed: 0);
        await StoredAsync(proxy, sessions.Connections);

        await using var follow = ProxyProcess.StartExecutable("audit", "tail", "--follow", "--journal", Journal(proxy));
        await follow.WaitForOutputAsync("Close: 127.0.0.1:", TimeSpan.FromSeconds(30));
        await using (var later = await RawLineClient.ConnectFromAsync("127.0.0.5", proxy.Host, proxy.Pop3Port))
        {
            Assert.StartsWith("+OK", await later.ReadLineAsync());
            await later.SendAsync("QUIT\r\n");
            await later.ReadLineAsync();
        }
        await follow.WaitForOutputAsync("Connect: 127.0.0.5:", TimeSpan.FromSeconds(20));
        await follow.WaitForOutputAsync("Close: 127.0.0.5:", TimeSpan.FromSeconds(20));

        follow.Terminate();
        Assert.Equal(0, await follow.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        var lines = AuditCliOutput.Lines(new CliRun(0, follow.Output));
        Assert.Equal(2, lines.Count(l => l.Text.StartsWith("Connect: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_missing_journal_is_exit_1_with_the_reason_and_bad_usage_is_exit_2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"amp-no-journal-{Guid.NewGuid():N}.db");
        var missing = await AuditCliOutput.RunAsync("tail", "--journal", "sqlite:" + path);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"actormailproxy: there is no audit journal at sqlite:{path}: the file does not exist", missing.Output.Trim());
        Assert.False(File.Exists(path));

        var noFilter = await AuditCliOutput.RunAsync("query", "--journal", "sqlite:" + path);
        Assert.Equal(2, noFilter.ExitCode);
        Assert.Contains("needs at least one filter", noFilter.Output);
        Assert.Contains("--since", (await AuditCliOutput.RunAsync("--help")).Output);
    }

    [Fact]
    public async Task An_unreachable_postgres_is_exit_1_with_the_drivers_reason_and_no_password()
    {
        var journal = $"Host=127.0.0.1;Port={LoopbackPorts.Take(1)[0]};Username=audit;Password=Pw-Unreachable-4;Database=audit;Timeout=3";

        var run = await AuditCliOutput.RunAsync("tail", "--journal", "postgres:" + journal);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("actormailproxy: cannot read the audit journal postgres:Host=127.0.0.1;", run.Output);
        Assert.Contains("Password=***", run.Output);
        Assert.DoesNotContain("Pw-Unreachable-4", run.Output);
        Assert.DoesNotContain("   at ", run.Output);
    }
}
