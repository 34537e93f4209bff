using ActorMailProxy.Audit.Delivery;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Tests.Shared;

namespace ActorMailProxy.Audit.Tests.Delivery;

/// <summary>
/// A node's trail through the audit log of a one-node cluster on a real SQLite journal: how the publisher gathers
/// events into batches (up to max-batch, waiting at most batch-wait for more).
/// </summary>
public sealed class AuditPublisherTests : SqliteJournalTestKit
{
    public AuditPublisherTests() : base(SingleNodeCluster.Config) => SingleNodeCluster.Join(Sys);

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

    private Task<long> StoredAsync() => ExecuteAsync("SELECT count(*) FROM journal");

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
