using ActorMailProxy.Integration.Fixtures;
namespace ActorMailProxy.Integration.Cluster;

/// <summary>
/// Multi-process cluster tests, with Dovecot backends of their own (the same <see cref="TwoBackendsFixture"/>):
/// a collection apart from <see cref="TwoBackendsCollection"/>, so they run beside the single-node tests, not after them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<TwoBackendsFixture>
{
    public const string Name = "cluster";
}
