using ActorMailProxy.Integration.Fixtures;

namespace ActorMailProxy.Integration.Cluster;

/// <summary>
/// Cluster tests that time logins against a bound (no login over a second while a node dies): they run alone, after
/// the other collections, with Dovecot backends of their own. On two cores a neighbouring test's storm starves every
/// process for seconds, which says nothing about the proxy.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuietClusterCollection : ICollectionFixture<TwoBackendsFixture>
{
    public const string Name = "cluster, alone";
}
