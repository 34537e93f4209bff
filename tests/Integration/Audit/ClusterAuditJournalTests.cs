using System.Diagnostics;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Serialization;
using ActorMailProxy.Audit.Spool;
using ActorMailProxy.Integration.Cluster;
using ActorMailProxy.Routing.Tests.Maps.Sql;
using Xunit.Abstractions;
using ActorMailProxy.Integration.Fixtures;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// Three nodes as processes, one PostgreSQL journal (a schema per test), real Dovecot and MailKit clients: every session
/// leaves exactly its events, once, with no password anywhere; and a node killed with -9 while the log it hosts could
/// store nothing loses none of its events, since its spool gives them to its next run.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterAuditJournalTests(TwoBackendsFixture backends, PostgresFixture pg, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_thousand_sessions_over_three_nodes_leave_exactly_their_events_once_and_no_password_anywhere()
    {
        var journal = await PostgresJournal.NewAsync(pg);
        await using var cluster = await AuditCluster.StartAsync(backends, journal);
        var load = new AuditLoad();

        var clock = Stopwatch.StartNew();
        await load.RunAsync(cluster.Nodes, sessions: 1000, concurrency: 12);
        var ran = clock.Elapsed;
        var expected = load.Total.ExpectedKinds.Values.Sum();
        await AuditCluster.WaitForStoredAsync(journal, expected, StoreTimeout);
        var stored = clock.Elapsed;
        await AuditCluster.WaitUntilConfirmedAsync(cluster.Nodes, StoreTimeout);

        var rows = await AuditJournalTables.ReadPostgresAsync(journal);
        output.WriteLine($"{load.Total.Connections} sessions ({string.Join(", ", load.ByNode.Select(n => $"{n.Key}: {n.Value.Connections}"))}) in {ran.TotalSeconds:0.0} s; "
            + $"{rows.Count} events stored after {stored.TotalSeconds:0.0} s: {Kinds(rows)}");
        Assert.Equal(1000, load.Total.Connections);
        AuditJournalAssert.HoldsExactlyPerNode(load.ByNode, rows);
        await AuditCluster.AssertSpoolsKeepOnlyTheSegmentBeingFilledAsync(cluster);
        await AuditCluster.AssertNoSecretsAsync(journal, pg, AuditCluster.Outputs(cluster));
    }

    /// <summary>
    /// A node hosting a partition of the log is killed only once its last sessions have ended and their events are on its disk, with the journal
    /// table locked so that none of them can be stored first: its spool then holds exactly those events, which only its
    /// next run can deliver. No session runs on it at the kill (phase-two traffic goes to the survivors only), so every
    /// session the clients completed has all its events, and the journal must hold exactly those.
    /// </summary>
    [Fact]
    public async Task Killing_the_node_that_hosts_the_log_loses_no_event_since_its_next_run_records_its_spool_again()
    {
        var journal = await PostgresJournal.NewAsync(pg);
        await using var cluster = await AuditCluster.StartAsync(backends, journal);
        var load = new AuditLoad();
        await load.RunAsync(cluster.Nodes, sessions: 90, concurrency: 12);
        await AuditCluster.WaitForStoredAsync(journal, load.Total.ExpectedKinds.Values.Sum(), StoreTimeout);
        await AuditCluster.WaitUntilConfirmedAsync(cluster.Nodes, StoreTimeout);
        var (host, partition) = AuditCluster.LogHost(cluster);
        var survivors = cluster.Nodes.Where(n => n != host).ToList();
        var hostBefore = load.ByNode[host.Address];

        using var stopSurvivors = new CancellationTokenSource();
        var survivorLoad = load.RunUntilAsync(survivors, concurrency: 4, pause: TimeSpan.FromMilliseconds(50), stopSurvivors.Token);
        SpoolLeftovers left;
        var clock = Stopwatch.StartNew();
        await using (await PostgresJournal.HoldWritesAsync(journal))
        {
            await load.RunAsync([host], sessions: 40, concurrency: 8);
            var unconfirmed = load.ByNode[host.Address] - hostBefore;
            var events = unconfirmed.ExpectedKinds.Values.Sum();
            // A connection records its close just after the client has its last reply: wait until all are on disk.
            await SpoolOnDisk.WaitForAsync(host.Spool, l => l.Events.Count >= events, TimeSpan.FromSeconds(10));
            host.Kill();
            Assert.NotNull(await host.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            clock.Restart();
            left = SpoolOnDisk.Read(host.Spool);
            Assert.Equal(unconfirmed.ExpectedKinds.OrderBy(k => k.Key), left.Events.GroupBy(e => AuditKind(e)).Select(g => KeyValuePair.Create(g.Key, g.Count())).OrderBy(k => k.Key));
        }
        var killedOutput = host.Output;

        // The survivors' sessions go on meanwhile (their events go to their own partitions); the killed node's partition
        // starts again, wherever sharding puts it, when its events come again.
        var sinceKill = clock.Elapsed;
        var restarted = await cluster.RestartAsync(host.Index);
        var ready = clock.Elapsed;
        Assert.Contains($"{left.Events.Count} events of an earlier run not confirmed stored, recording them again", restarted.Output);
        var ids = left.Events.Select(e => e.EventId).ToHashSet();
        await AuditJournalTables.WaitForAsync(() => AuditJournalTables.ReadPostgresAsync(journal),
            r => r.Count(e => ids.Contains(e.Event.EventId)) == ids.Count, StoreTimeout);
        var backlogStored = clock.Elapsed;
        await load.RunAsync([restarted], sessions: 20, concurrency: 4);
        await stopSurvivors.CancelAsync();
        await survivorLoad;

        await AuditCluster.WaitForStoredAsync(journal, load.Total.ExpectedKinds.Values.Sum(), StoreTimeout);
        await AuditCluster.WaitUntilConfirmedAsync(cluster.Nodes, StoreTimeout);
        var rows = await AuditJournalTables.ReadPostgresAsync(journal);
        output.WriteLine($"{load.Total.Connections} sessions ({string.Join(", ", load.ByNode.Select(n => $"{n.Key}: {n.Value.Connections}"))}); "
            + $"{host} (host of {partition}) killed with {left.Events.Count} events unconfirmed in its spool; "
            + $"restarted {sinceKill.TotalSeconds:0.0} s after the kill, ready {(ready - sinceKill).TotalSeconds:0.0} s later (joined, its spool's events sent first), those events all stored {(backlogStored - sinceKill).TotalSeconds:0.0} s after the restart; "
            + $"{rows.Count} events stored: {Kinds(rows)}");
        AuditJournalAssert.HoldsExactlyPerNode(load.ByNode, rows);
        await AuditCluster.AssertNoSecretsAsync(journal, pg, [.. AuditCluster.Outputs(cluster), ($"{host} before the kill", killedOutput)]);
    }

    private static string AuditKind(AuditEvent e) => AuditJson.Kinds[e.GetType()];

    private static string Kinds(IReadOnlyList<StoredAuditEvent> rows) =>
        string.Join(", ", rows.GroupBy(r => r.Manifest).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
}
