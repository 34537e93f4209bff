using Akka.Cluster;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.TestKit.Xunit2;
using ActorMailProxy.Audit.Delivery;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Log;

namespace ActorMailProxy.Audit.Tests.Delivery;

/// <summary>
/// A node's trail through the audit log of a one-node cluster on a real SQLite journal: how the publisher gathers
/// events into batches (up to max-batch, waiting at most batch-wait for more).
/// </summary>
public sealed class AuditPublisherTests : TestKit
{
    private static readonly string Dir = Directory.CreateTempSubdirectory("amp-publisher-").FullName;

    private static readonly Config SingleNodeCluster = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.cluster.sharding.state-store-mode = ddata
        akka.cluster.sharding.remember-entities = off
        """);

    private readonly JournalSpec _journal;

    public AuditPublisherTests() : this(new JournalSpec.Sqlite(Path.Combine(Dir, $"{Guid.NewGuid():N}.db")))
    {
    }

    private AuditPublisherTests(JournalSpec journal)
        : base(journal.ToHocon(TimeSpan.FromMilliseconds(50)).WithFallback(SingleNodeCluster).WithFallback(SqlPersistence.DefaultConfiguration))
    {
        _journal = journal;
        JournalDatabase.PrepareAsync(journal, CancellationToken.None).GetAwaiter().GetResult();
        var cluster = Cluster.Get(Sys);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(up.SetResult);
        cluster.Join(cluster.SelfAddress);
        Assert.True(up.Task.Wait(TimeSpan.FromSeconds(30)), "the single-node cluster did not come up");
    }

    private async Task<AuditTrail> StartTrailAsync(int maxBatch, TimeSpan batchWait)
    {
        var settings = new AuditLogSettings(Partitions: 1);
        var region = await AuditLogRegion.StartAsync(Sys, settings);
        var trail = AuditTrail.Start(Sys, region, "node-a", "producer-1", new AuditPublisherSettings(MaxBatch: maxBatch, BatchWait: batchWait),
            new AuditPartitions(settings.Partitions));
        Assert.True(await trail.ConfirmingAsync(TimeSpan.FromSeconds(30)), "the log did not confirm its first delivery");
        return trail;
    }

    private void AwaitStored(long count) => AwaitCondition(() => StoredAsync().GetAwaiter().GetResult() == count, TimeSpan.FromSeconds(15));

    private async Task<long> StoredAsync()
    {
        await using var connection = JournalDatabase.Open(_journal);
        await connection.OpenAsync();
        await using var count = JournalDatabase.Command(connection, "SELECT count(*) FROM journal");
        return Convert.ToInt64(await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Fewer_events_than_a_batch_wait_for_more_then_go_together_when_the_wait_is_over()
    {
        var trail = await StartTrailAsync(maxBatch: 3, batchWait: TimeSpan.FromSeconds(3));

        trail.Record(AuditSamples.Opened("e1"));
        trail.Record(AuditSamples.Opened("e2"));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal((2, 0L), (trail.Waiting, await StoredAsync()));
        AwaitStored(2);
    }

    [Fact]
    public async Task A_full_batch_goes_at_once_however_long_the_wait()
    {
        var trail = await StartTrailAsync(maxBatch: 3, batchWait: TimeSpan.FromMinutes(5));

        foreach (var id in new[] { "e1", "e2", "e3", "e4" })
        {
            trail.Record(AuditSamples.Opened(id));
        }

        // The first three go at once; the fourth starts the next batch and waits for it to fill.
        AwaitStored(3);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal((1, 3L), (trail.Waiting, await StoredAsync()));
    }
}
