namespace ActorMailProxy.Integration.Fixtures.Tls;

/// <summary>Test classes marked <c>[Collection(TlsBackendCollection.Name)]</c> share one <see cref="TlsBackendFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TlsBackendCollection : ICollectionFixture<TlsBackendFixture>
{
    public const string Name = "tls-backend";
}
