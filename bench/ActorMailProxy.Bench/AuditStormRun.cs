using System.Globalization;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Bench.Audit;
using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Measurements;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Bench.Targets;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench;

/// <summary>One reading of the audit backlog during a storm: when, logins so far, and what cluster status said (null: no answer).</summary>
public sealed record BacklogSample(double Seconds, long Logins, AuditStatus? Status);

/// <summary>
/// One storm on one setup and what became of its events. Emitted: three per session the clients completed (connected,
/// logged in, closed). Stored: the journal's audit rows after the storm minus before it, each count taken once the
/// nodes had stored their backlog (none waiting, the count no longer growing). Dropped: from the nodes' logs and from
/// cluster status, each the difference over the storm.
/// </summary>
public sealed record StormFigures(
    int Nodes,
    LoginStorm Storm,
    string WarmUp,
    long StoredBefore,
    long StoredAfter,
    TimeSpan Drain,
    bool Drained,
    long DroppedLogged,
    long? DroppedStatus,
    IReadOnlyList<BacklogSample> Backlog,
    double? DatabaseCpuSeconds,
    double OtherCores)
{
    public long Emitted => 3 * Storm.Ok;

    public long Stored => StoredAfter - StoredBefore;

    /// <summary>Emitted events neither stored nor counted as dropped: 0 when the counts account for every event.</summary>
    public long Unaccounted => Emitted - Stored - DroppedLogged;
}

/// <summary>A storm's setup as the report names it, and its figures or why there are none.</summary>
public sealed record StormResult(string Name, string Setup, Outcome<StormFigures> Figures);

/// <summary>The trail on/off comparison: turns of the same storm against two single nodes, one with the trail off.</summary>
public sealed record TrailComparison(IReadOnlyList<(bool On, LoginStorm Turn, TimeSpan Drain)> Turns)
{
    public double Rate(bool on) =>
        Turns.Where(t => t.On == on).Sum(t => (double)t.Turn.Ticks[^1].Ok) / Turns.Where(t => t.On == on).Sum(t => t.Turn.Seconds);
}

public sealed record AuditStormResults(IReadOnlyList<StormResult> Storms, Outcome<TrailComparison> Comparison, string Postgres);

/// <summary>
/// The audit storm (<c>bench/run.sh --audit-storm</c>): POP3 logins at full rate for minutes through one node on SQLite,
/// then through three nodes on PostgreSQL, each with a spool of its own, in front of the bench's Dovecot; whether every
/// session's events are stored and none dropped, and how the backlog moves meanwhile. Between the two, the same storm in
/// short turns against two single nodes, one with <c>mailproxy.audit.enabled = off</c>: what the trail costs a login.
/// </summary>
public sealed class AuditStormRun(AuditStormSettings settings, string proxyAssembly)
{
    public const string SingleName = "1 node, SQLite";
    public const string ClusterName = "3 nodes, PostgreSQL";

    private static readonly TimeSpan DrainPoll = TimeSpan.FromSeconds(5);

    /// <summary>What a storm runs against: its clients' visits, where its events are stored, how to ask its nodes, their logs.</summary>
    private sealed record StormTarget(IReadOnlyList<Func<CancellationToken, Task>> Cycles, JournalSpec Journal, string Seed, IReadOnlyList<string> Logs,
        ProcessTree Processes, ProcessTree? Database = null)
    {
        public int Nodes => Logs.Count;
    }

    public async Task<AuditStormResults> RunAsync()
    {
        Console.WriteLine($"open-files limit {Posix.RaiseOpenFilesLimit()}");
        var workDir = Directory.CreateTempSubdirectory("amp-bench-audit-storm-").FullName;
        await using var backend = await BenchBackend.StartAsync();
        Console.WriteLine($"Dovecot up: POP3 {backend.Dovecot.Pop3Port}; work directory {workDir}");
        try
        {
            if (settings.TrailOnly)
            {
                return new AuditStormResults([], await Outcome<TrailComparison>.RunAsync(() => CompareAsync(backend, workDir)), "not started");
            }
            var single = await SingleNodeAsync(backend, workDir);
            var comparison = await Outcome<TrailComparison>.RunAsync(() => CompareAsync(backend, workDir));
            var (cluster, postgres) = await ClusterAsync(backend, workDir);
            return new AuditStormResults([single, cluster], comparison, postgres);
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    private async Task<StormResult> SingleNodeAsync(BenchBackend backend, string workDir)
    {
        var dir = Directory.CreateDirectory(Path.Combine(workDir, "single")).FullName;
        var setup = "the main run's ActorMailProxy target (`-M \"\" -s 127.0.0.1`), its journal a new SQLite file, a spool of its own";
        var figures = await Outcome<StormFigures>.RunAsync(async () =>
        {
            await using var node = await StartNodeAsync(backend, dir);
            return await StormAsync(SingleName, OnNode(backend, node));
        });
        return new StormResult(SingleName, setup, figures);
    }

    private async Task<(StormResult Result, string Postgres)> ClusterAsync(BenchBackend backend, string workDir)
    {
        var setup = $"{settings.Nodes} nodes as the cluster run starts them (`--config hocon/cluster-node.conf`), one POP3 listener each, `-M \"\" -s 127.0.0.1`, " +
            "one PostgreSQL journal (a new schema), a spool each; the clients round robin over the nodes";
        var postgres = "not started";
        var figures = await Outcome<StormFigures>.RunAsync(async () =>
        {
            await using var pg = await BenchPostgres.StartAsync();
            postgres = $"the integration tests' private server (fsync and synchronous_commit off), started in {pg.StartedIn.TotalSeconds:0.0} s";
            var journal = await pg.NewJournalAsync();
            var host = DovecotInstance.LoopbackHost;
            await using var cluster = await ProxyCluster.StartAsync("storm", settings.Nodes, workDir, proxyAssembly, MailService.Pop3,
            [
                "-P", "POP3", "-b", host, "-M", "", "-s", host, "-p", backend.Port(MailService.Pop3).ToString(CultureInfo.InvariantCulture),
                "-f", "", "--authenticate_timeout", "3600", "-t", "0", "--journal", journal.Option(),
            ], n => ["--audit_spool", Path.Combine(workDir, $"storm-spool-{n}")], backend.LoginUsers[0]);
            var cycles = Enumerable.Range(0, settings.Clients)
                .Select(i => LoginCycle.For(MailService.Pop3, cluster.Endpoints[i % cluster.Endpoints.Count], backend.LoginUsers[i % backend.LoginUsers.Count]))
                .ToList();
            return await StormAsync(ClusterName, new StormTarget(cycles, journal, cluster.Nodes[0].Address, [.. cluster.Nodes.Select(n => n.LogPath)],
                cluster.Processes, pg.Processes()));
        });
        return (new StormResult(ClusterName, setup, figures), postgres);
    }

    /// <summary>Two single nodes started together, one with the trail off, taking turns; after each turn of the node with the trail on, its backlog is stored before the next turn.</summary>
    private async Task<TrailComparison> CompareAsync(BenchBackend backend, string workDir)
    {
        var offConfig = Path.Combine(workDir, "trail-off.conf");
        await File.WriteAllTextAsync(offConfig, "mailproxy.audit.enabled = off\n");
        await using var on = await StartNodeAsync(backend, Directory.CreateDirectory(Path.Combine(workDir, "trail-on")).FullName);
        await using var off = await StartNodeAsync(backend, Directory.CreateDirectory(Path.Combine(workDir, "trail-off")).FullName, offConfig);
        var targets = new[] { (On: true, Target: OnNode(backend, on)), (On: false, Target: OnNode(backend, off)) };
        foreach (var (isOn, target) in targets)
        {
            var warm = await LoginStorm.RunAsync(target.Cycles, settings.WarmUp, null);
            Console.WriteLine($"trail {(isOn ? "on" : "off")}: warm-up {warm.PerSecond:0} logins/s, {warm.Failed} failed");
        }
        await DrainAsync(targets[0].Target);
        var turns = new List<(bool, LoginStorm, TimeSpan)>();
        for (var round = 0; round < settings.ComparisonRounds; round++)
        {
            foreach (var (isOn, target) in targets)
            {
                var turn = await LoginStorm.RunAsync(target.Cycles, settings.ComparisonTurn, target.Processes);
                var drain = isOn ? (await DrainAsync(target)).Took : TimeSpan.Zero;
                Console.WriteLine($"trail {(isOn ? "on" : "off")}: {turn.PerSecond:0} logins/s, {turn.Failed} failed{(isOn ? $", stored after {drain.TotalSeconds:0} s" : "")}");
                turns.Add((isOn, turn, drain));
            }
        }
        return new TrailComparison(turns);
    }

    private async Task<ActorMailProxyTarget> StartNodeAsync(BenchBackend backend, string dir, string? extraConfig = null) =>
        (ActorMailProxyTarget)await ActorMailProxyTarget.StartAsync(backend, dir, proxyAssembly, ProxyTlsMode.None, extraConfig,
            extraArguments: ["--audit_spool", Path.Combine(dir, "spool")]);

    private StormTarget OnNode(BenchBackend backend, ActorMailProxyTarget node) => new(
        [.. Enumerable.Range(0, settings.Clients).Select(i => LoginCycle.For(MailService.Pop3, node.Endpoint(MailService.Pop3), backend.LoginUsers[i % backend.LoginUsers.Count]))],
        new JournalSpec.Sqlite(node.JournalPath), node.ClusterSeed, [node.LogPath], new ProcessTree(node.ProcessIds));

    private async Task<StormFigures> StormAsync(string name, StormTarget target)
    {
        var warm = await LoginStorm.RunAsync(target.Cycles, settings.WarmUp, null);
        var warmUp = $"{settings.WarmUp.TotalSeconds:0} s, {warm.PerSecond:0} logins/s, {warm.Failed} failed";
        Console.WriteLine($"{name}: warm-up {warmUp}");
        var (before, _, _) = await DrainAsync(target);
        var droppedLogBefore = DropLines.DroppedSoFar(target.Logs);
        var statusBefore = await AuditStatus.ReadAsync(proxyAssembly, target.Seed);
        var samples = new List<BacklogSample>();
        using var sampling = new CancellationTokenSource();
        Task? sampler = null;
        var other = OtherWork.Start();
        var databaseBefore = target.Database?.CpuSeconds();
        Console.WriteLine($"{name}: {before:N0} events stored before the storm; storm of {settings.Storm.TotalMinutes:0.#} min with {settings.Clients} clients");
        var storm = await LoginStorm.RunAsync(target.Cycles, settings.Storm, target.Processes,
            now => sampler = SampleAsync(name, target, now, samples, sampling.Token));
        var databaseCpu = target.Database?.CpuSeconds() - databaseBefore;
        // PostgreSQL runs detached from the bench's process tree: its share is its own row, not other work.
        var otherCores = Math.Max(0, other.CoresUsed() - (databaseCpu ?? 0) / storm.Seconds);
        await sampling.CancelAsync();
        await sampler!;
        Console.WriteLine($"{name}: {storm.PerSecond:0} logins/s, {storm.Ok:N0} sessions complete, {storm.Failed:N0} failed{(storm.FirstError is { } e ? $" (first: {e})" : "")}");
        var (after, drain, drained) = await DrainAsync(target);
        var statusAfter = await AuditStatus.ReadAsync(proxyAssembly, target.Seed);
        var droppedStatus = statusAfter is { } a && statusBefore is { } b && a.Answered == a.Members ? a.Dropped - b.Dropped : (long?)null;
        var figures = new StormFigures(target.Nodes, storm, warmUp, before, after, drain, drained, DropLines.DroppedSoFar(target.Logs) - droppedLogBefore, droppedStatus,
            samples, databaseCpu, otherCores);
        Console.WriteLine($"{name}: emitted {figures.Emitted:N0}, stored {figures.Stored:N0}, dropped {figures.DroppedLogged:N0} (logs) / {droppedStatus?.ToString("N0") ?? "?"} (status), " +
            $"{(drained ? "stored" : "NOT stored")} within {drain.TotalSeconds:0} s after the storm");
        return figures;
    }

    /// <summary>Reads the backlog every <see cref="AuditStormSettings.Sample"/> while the storm runs.</summary>
    private async Task SampleAsync(string name, StormTarget target, Func<StormTick> now, List<BacklogSample> samples, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var next = DateTime.UtcNow + settings.Sample;
            var tick = now();
            var status = await AuditStatus.ReadAsync(proxyAssembly, target.Seed);
            samples.Add(new BacklogSample(tick.Seconds, tick.Ok, status));
            Console.WriteLine($"  {name} {tick.Seconds,5:0} s: {tick.Ok:N0} logins, backlog " +
                (status is null ? "no answer" : $"{status.Waiting:N0} waiting, {status.Dropped:N0} dropped ({status.Answered}/{status.Members} nodes answered)"));
            try
            {
                await Task.Delay(next - DateTime.UtcNow > TimeSpan.Zero ? next - DateTime.UtcNow : TimeSpan.Zero, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Waits until every node says none of its events waits and the journal's count of audit rows has stopped growing
    /// (the same on two readings <see cref="DrainPoll"/> apart), or the limit; the count and the time it took.
    /// </summary>
    private async Task<(long Count, TimeSpan Took, bool Drained)> DrainAsync(StormTarget target)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long? last = null;
        while (true)
        {
            var status = await AuditStatus.ReadAsync(proxyAssembly, target.Seed);
            var count = await JournalReads.AuditEventsAsync(target.Journal);
            if (status is { Waiting: 0 } s && s.Answered == s.Members && count == last)
            {
                return (count, clock.Elapsed, true);
            }
            if (clock.Elapsed > settings.DrainLimit)
            {
                return (count, clock.Elapsed, false);
            }
            last = count;
            await Task.Delay(DrainPoll);
        }
    }
}
