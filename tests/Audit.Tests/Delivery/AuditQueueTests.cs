using ActorMailProxy.Audit.Delivery;

namespace ActorMailProxy.Audit.Tests.Delivery;

public sealed class AuditQueueTests
{
    private static AuditQueue With(AuditQueue queue, params string[] ids) => ids.Aggregate(queue, (q, id) => q.Enqueue(AuditSamples.Opened(id)).Queue);

    [Fact]
    public void One_batch_at_a_time_oldest_first_and_the_next_only_after_confirmation()
    {
        var queue = With(AuditQueue.Empty(10, 2), "a", "b", "c");
        var (sent, batch) = queue.NextBatch();
        Assert.Equal(["a", "b"], batch!.Events.Select(e => e.EventId));
        Assert.Equal(3, sent.Waiting);
        Assert.Null(With(sent, "d").NextBatch().Batch);
        var (_, next) = With(sent, "d").Confirmed().NextBatch();
        Assert.Equal(["c", "d"], next!.Events.Select(e => e.EventId));
    }

    [Fact]
    public void A_batch_holds_only_events_of_the_oldest_ones_partition_and_keeps_their_order()
    {
        // Events named by the partition they go to: a spool's leftovers of an earlier name first, then this node's own.
        var queue = With(AuditQueue.Empty(10, 3), "p1-a", "p1-b", "p0-c", "p0-d", "p0-e", "p0-f", "p1-g");
        static int PartitionOf(ActorMailProxy.Audit.Events.AuditEvent e) => e.EventId[1] - '0';
        var (sent, first) = queue.NextBatch(PartitionOf);
        Assert.Equal(["p1-a", "p1-b"], first!.Events.Select(e => e.EventId));
        var (sentAgain, second) = sent.Confirmed().NextBatch(PartitionOf);
        Assert.Equal(["p0-c", "p0-d", "p0-e"], second!.Events.Select(e => e.EventId));
        Assert.Equal(["p0-f"], sentAgain.Confirmed().NextBatch(PartitionOf).Batch!.Events.Select(e => e.EventId));
    }

    [Fact]
    public void Nothing_is_sent_when_nothing_waits()
    {
        var (queue, batch) = AuditQueue.Empty(10, 5).NextBatch();
        Assert.Null(batch);
        Assert.Equal(0, queue.Waiting);
    }

    [Fact]
    public void A_full_queue_drops_its_oldest_waiting_event_counts_it_and_keeps_the_batch_in_flight()
    {
        var (inFlight, _) = With(AuditQueue.Empty(2, 1), "a").NextBatch();
        var queue = With(inFlight, "b", "c");
        var (full, dropped) = queue.Enqueue(AuditSamples.Opened("d"));
        Assert.Equal("b", dropped!.EventId);
        Assert.Equal(1, full.Dropped);
        Assert.Equal(3, full.Waiting);
        Assert.Equal(["a"], full.InFlight.Select(e => e.EventId));
        Assert.Equal(["c", "d"], full.Pending.Select(e => e.EventId));
    }

    [Fact]
    public void A_batch_that_will_never_be_confirmed_goes_back_first_in_line()
    {
        var (sent, _) = With(AuditQueue.Empty(10, 2), "a", "b", "c").NextBatch();
        var unsent = sent.Unsent();
        Assert.Empty(unsent.InFlight);
        Assert.Equal(["a", "b", "c"], unsent.Pending.Select(e => e.EventId));
        Assert.Equal(3, unsent.Waiting);
        Assert.Equal(["a", "b"], unsent.NextBatch().Batch!.Events.Select(e => e.EventId));
    }

    [Fact]
    public void The_probe_is_an_empty_batch_that_holds_back_the_next_until_confirmed_and_counts_no_event()
    {
        var (probing, probe) = AuditQueue.Empty(10, 5).Probe();
        Assert.Empty(probe!.Events);
        Assert.True(probing.AwaitingConfirmation);
        var queued = With(probing, "a");
        Assert.Equal(1, queued.Waiting);
        Assert.Null(queued.NextBatch().Batch);
        Assert.Null(queued.Probe().Batch);
        Assert.Equal(["a"], queued.Confirmed().NextBatch().Batch!.Events.Select(e => e.EventId));
        Assert.False(probing.Unsent().AwaitingConfirmation);
    }
}
