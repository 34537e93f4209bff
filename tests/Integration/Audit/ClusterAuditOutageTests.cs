using System.Diagnostics;
using ActorMailProxy.Integration.Cluster;
using ActorMailProxy.Routing.Tests.Maps.Sql;
using Xunit.Abstractions;
using ActorMailProxy.Integration.Fixtures;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// The cluster's journal, PostgreSQL, stopped for a minute under load: logins go on as if nothing happened, every node's
/// events wait (in its buffer and its spool, below mailproxy.audit.buffer), and once the database is back all are stored.
/// A PostgreSQL server of this class's own, since the test stops it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterAuditOutageTests(TwoBackendsFixture backends, PostgresFixture pg, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task With_postgres_stopped_for_a_minute_every_login_goes_as_planned_and_afterwards_every_event_is_stored_once()
    {
        var journal = await PostgresJournal.NewAsync(pg);
        await using var cluster = await AuditCluster.StartAsync(backends, journal);
        var load = new AuditLoad();
        await load.RunAsync(cluster.Nodes, sessions: 30, concurrency: 6);
        await AuditCluster.WaitForStoredAsync(journal, load.Total.ExpectedKinds.Values.Sum(), TimeSpan.FromSeconds(30));
        await AuditCluster.WaitUntilConfirmedAsync(cluster.Nodes, TimeSpan.FromSeconds(30));

        using var stop = new CancellationTokenSource();
        // Paced well below the buffer: about 15 sessions a second over three nodes, some 1,000 events per node in the minute.
        var running = load.RunUntilAsync(cluster.Nodes, concurrency: 3, pause: TimeSpan.FromMilliseconds(150), stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var beforeOutage = load.Total;
        await pg.StopAsync();
        int waitingAtEnd;
        try
        {
            // A session that does not go as planned ends the load at once, and the test with it.
            if (await Task.WhenAny(running, Task.Delay(Outage)) == running)
            {
                await running;
                Assert.Fail("the load ended while the database was down");
            }
            waitingAtEnd = cluster.Nodes.Sum(n => SpoolOnDisk.Read(n.Spool).Events.Count);
        }
        finally
        {
            await pg.StartAgainAsync();
        }
        var clock = Stopwatch.StartNew();
        await stop.CancelAsync();
        await running;
        var during = load.Total - beforeOutage;

        var rows = await AuditCluster.WaitForStoredAsync(journal, load.Total.ExpectedKinds.Values.Sum(), TimeSpan.FromSeconds(60));
        var stored = clock.Elapsed;
        await AuditCluster.WaitUntilConfirmedAsync(cluster.Nodes, TimeSpan.FromSeconds(30));
        rows = await AuditJournalTables.ReadPostgresAsync(journal);
        output.WriteLine($"{during.Connections} sessions ({during.Succeeded} logins, {during.Failed} wrong passwords) while the database was down for {Outage.TotalSeconds:0} s, "
            + $"{waitingAtEnd} events unconfirmed in the spools at its end; {load.Total.Connections} sessions in all; all {rows.Count} events stored {stored.TotalSeconds:0.0} s after the database was back");
        AuditJournalAssert.HoldsExactlyPerNode(load.ByNode, rows);
        Assert.All(cluster.Nodes, n => Assert.DoesNotContain("Audit buffer full", n.Output));
        Assert.Contains(cluster.Nodes, n => n.Output.Contains("Audit log has confirmed nothing for", StringComparison.Ordinal));
        await AuditCluster.AssertSpoolsKeepOnlyTheSegmentBeingFilledAsync(cluster);
        await AuditCluster.AssertNoSecretsAsync(journal, pg, AuditCluster.Outputs(cluster));
    }
}
