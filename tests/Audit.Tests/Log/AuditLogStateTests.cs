using ActorMailProxy.Audit.Log;

namespace ActorMailProxy.Audit.Tests.Log;

public sealed class AuditLogStateTests
{
    [Fact]
    public void Events_already_stored_and_repeats_within_a_delivery_are_not_fresh()
    {
        var state = AuditLogState.Empty(10);
        state.Stored(AuditSamples.Opened("a"));
        var fresh = state.Fresh([AuditSamples.Opened("a"), AuditSamples.Opened("b"), AuditSamples.Opened("b"), AuditSamples.Opened("c")]);
        Assert.Equal(["b", "c"], fresh.Select(e => e.EventId));
    }

    [Fact]
    public void A_redelivery_of_a_whole_batch_after_it_was_stored_has_nothing_fresh()
    {
        var batch = AuditSamples.OneOfEach();
        var state = AuditLogState.Empty(100);
        foreach (var e in batch)
        {
            state.Stored(e);
        }
        Assert.Empty(state.Fresh(batch));
    }

    [Fact]
    public void A_snapshot_is_due_every_so_many_events_and_restores_the_ids()
    {
        var state = AuditLogState.Empty(3);
        for (var i = 0; i < 5; i++)
        {
            state.Stored(AuditSamples.Opened($"e{i}"));
        }
        Assert.True(state.SnapshotDue(5));
        var snapshot = state.ToSnapshot();
        state.SnapshotTaken();
        Assert.False(state.SnapshotDue(5));
        Assert.Equal(["e2", "e3", "e4"], snapshot.RecentIds);
        var restored = AuditLogState.From(snapshot, 3);
        Assert.Empty(restored.Fresh([AuditSamples.Opened("e4")]));
        Assert.Single(restored.Fresh([AuditSamples.Opened("e1")]));
    }

    [Fact]
    public void A_smaller_bound_after_a_restart_keeps_the_newest_ids() =>
        Assert.Equal(["c"], AuditLogState.From(new AuditLogSnapshot(["a", "b", "c"]), 1).Recent.InOrder);
}
