namespace ActorMailProxy.Integration.Fixtures;

/// <summary>Test classes marked <c>[Collection(TwoBackendsCollection.Name)]</c> share one <see cref="TwoBackendsFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TwoBackendsCollection : ICollectionFixture<TwoBackendsFixture>
{
    public const string Name = "two-backends";
}
