namespace ActorMailProxy.Integration.Cluster.Maps;

/// <summary>The cluster's user map over an SQLite table (<c>-M sqlite</c>).</summary>
[Collection(ClusterCollection.Name)]
public sealed class SqliteUserMapClusterTests(SqliteMapCluster map) : UserMapClusterTests<SqliteMapCluster>(map), IClassFixture<SqliteMapCluster>;
