namespace ActorMailProxy.Integration.Cluster.Maps;

/// <summary>The cluster's user map over an SQLite table (<c>-M sqlite</c>).</summary>
[Collection(ClusterCollection.Name)]
public sealed class SqliteUserMapClusterTests(SqliteMapCluster map) : UserMapClusterTests<SqliteMapCluster>(map), IClassFixture<SqliteMapCluster>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-admin-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Not about the map: the operator commands find the seeds as a node does, here from a HOCON file.</summary>
    [Fact]
    public async Task Cluster_status_finds_the_seeds_in_a_config_file()
    {
        var config = Path.Combine(_dir, "ops.conf");
        var seeds = Map.Cluster.Nodes.Select(n => $"\"akka.tcp://actormailproxy@{n.Address}\"");
        await File.WriteAllTextAsync(config, $"mailproxy.perdition-config-dir = \"{_dir}\"\nakka.cluster.seed-nodes = [{string.Join(", ", seeds)}]\n");

        var run = await AdminCli.RunAsync("cluster", "status", "--config", config);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Map.Cluster.Nodes.Select(n => n.Address), StatusRow.Parse(run.Output).Select(r => r.Node));
    }
}
