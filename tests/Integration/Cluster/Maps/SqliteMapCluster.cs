using ActorMailProxy.Routing.Tests.Maps.Sql;
using ActorMailProxy.Integration.Fixtures;

namespace ActorMailProxy.Integration.Cluster.Maps;

/// <summary>Every node reads one SQLite file (<c>-M sqlite -m PATH</c>), as nodes sharing a disk would.</summary>
public sealed class SqliteMapCluster(TwoBackendsFixture backends) : MapCluster(backends)
{
    private readonly TempSqliteDatabase _database = new();

    protected override string Library => "sqlite";

    protected override Task<string> OpenTableAsync()
    {
        _database.WithPerditionTable();
        return Task.FromResult(_database.Path);
    }

    protected override Task CloseTableAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    protected override Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        _database.Execute(sql, [.. parameters.Select(p => ("@" + p.Name, p.Value))]);
        return Task.CompletedTask;
    }
}
