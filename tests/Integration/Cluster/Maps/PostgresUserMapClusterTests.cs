using ActorMailProxy.Integration.Fixtures;
namespace ActorMailProxy.Integration.Cluster.Maps;

/// <summary>The cluster's user map over a PostgreSQL table (<c>-M postgresql</c>, perdition's -m syntax).</summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresUserMapClusterTests(PostgresMapCluster map) : UserMapClusterTests<PostgresMapCluster>(map), IClassFixture<PostgresMapCluster>
{
    [Fact]
    public async Task The_database_password_is_in_no_nodes_log()
    {
        await Map.RouteAsync(TwoBackendsFixture.Alice, Map.Backends.Alpha);
        foreach (var node in Map.Cluster.Nodes)
        {
            Assert.True(await LogsInAsync(node, TwoBackendsFixture.Alice));
        }

        Assert.All(Map.Cluster.Nodes, n => Assert.DoesNotContain(Map.Server.Password, n.Output));
    }
}
