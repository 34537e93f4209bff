namespace ActorMailProxy.Routing.Tests.Maps.Sql;

/// <summary>Test classes marked <c>[Collection(PostgresCollection.Name)]</c> share one <see cref="PostgresFixture"/> server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgresql";
}
