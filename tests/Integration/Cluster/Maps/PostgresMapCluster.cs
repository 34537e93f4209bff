using ActorMailProxy.Routing.Tests.Maps.Sql;
using ActorMailProxy.Integration.Fixtures;

namespace ActorMailProxy.Integration.Cluster.Maps;

/// <summary>Every node reads one PostgreSQL table (<c>-M postgresql -m host:port:db:table:user:password</c>) on a private server.</summary>
public sealed class PostgresMapCluster(TwoBackendsFixture backends) : MapCluster(backends)
{
    public PostgresFixture Server { get; } = new();

    protected override string Library => "postgresql";

    protected override async Task<string> OpenTableAsync()
    {
        await Server.InitializeAsync();
        return Server.Option();
    }

    protected override Task CloseTableAsync() => Server.DisposeAsync();

    protected override Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters) =>
        Server.ExecuteAsync(sql, parameters);
}
