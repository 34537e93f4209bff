using ActorMailProxy.Audit.Log;

namespace ActorMailProxy.Audit.Tests.Log;

public sealed class AuditPartitionsTests
{
    [Fact]
    public void A_node_has_the_same_partition_in_every_process_and_nodes_spread_over_them()
    {
        var partitions = new AuditPartitions(8);
        // Fixed values: string.GetHashCode would differ from one process to the next, and a node's spool would then
        // send its leftovers to a partition that does not know which of them it stored.
        Assert.Equal([3, 3, 4, 1], new[] { "10.0.0.4:2551", "127.0.0.1:2551", "127.0.0.2:2551", "127.0.0.3:2551" }.Select(partitions.Of));
        var used = Enumerable.Range(1, 64).Select(i => partitions.Of($"10.0.{i / 8}.{i}:2551")).Distinct().Count();
        Assert.Equal(8, used);
        Assert.Equal("audit-log-3", AuditPartitions.PersistenceId(AuditLogSettings.SharedLogId, AuditPartitions.EntityId(3)));
    }

    [Fact]
    public void A_log_of_no_partitions_is_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => new AuditPartitions(0));
}
