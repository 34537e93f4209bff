using Npgsql;

namespace ActorMailProxy.Routing.Maps.Sql;

/// <summary>
/// perdition's PostgreSQL map (libperditiondb_postgresql): the route for a user is a row of a table, read with
/// a parameterised query over Npgsql's pool. Never connects up front, so a database that is down at start-up
/// only makes lookups <see cref="MapAnswer.Unavailable"/> until it is back.
/// </summary>
public sealed class PostgresMapSource : IMapSource
{
    public const string Kind = "postgresql";

    private readonly NpgsqlDataSource _dataSource;
    private readonly SqlMapLookup _lookup;

    /// <exception cref="MapSourceException">The options are invalid (all problems listed).</exception>
    public PostgresMapSource(PostgresMapOptions options)
    {
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new MapSourceException(Kind, problems);
        }

        Options = options;
        Name = $"{Kind}:{options.User}@{options.Hosts}:{options.Port}/{options.Database}/{options.Table.Table}";
        _dataSource = NpgsqlDataSource.Create(ConnectionString(options));
        _lookup = new SqlMapLookup(
            Name,
            _dataSource,
            options.Table.Select(foldsUnquoted: true, "@key"),
            options.ConnectTimeout + options.CommandTimeout,
            options.Password);
    }

    public PostgresMapOptions Options { get; }

    /// <summary><c>postgresql:user@hosts:port/database/table</c>; never the password.</summary>
    public string Name { get; }

    public MapLocality Locality => MapLocality.Remote;

    public ValueTask<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken) =>
        _lookup.LookupAsync(key, cancellationToken);

    /// <summary>Drops the pooled connections and forgets which hosts were down, so the next lookup connects afresh.</summary>
    public void Reload()
    {
        _dataSource.Clear();
        (_dataSource as NpgsqlMultiHostDataSource)?.ClearDatabaseStates();
    }

    public void Dispose() => _lookup.Dispose();

    private static string ConnectionString(PostgresMapOptions options) => new NpgsqlConnectionStringBuilder
    {
        Host = options.Hosts,
        Port = options.Port,
        Database = options.Database,
        Username = options.User,
        Password = options.Password.RevealText(),
        Timeout = WholeSeconds(options.ConnectTimeout),
        CommandTimeout = WholeSeconds(options.CommandTimeout),
        ApplicationName = "actormailproxy",
        Pooling = true,
        // Both are Npgsql's defaults; stated because each keeps the password or row data out of messages.
        IncludeErrorDetail = false,
        PersistSecurityInfo = false,
    }.ConnectionString;

    private static int WholeSeconds(TimeSpan time) => (int)Math.Ceiling(time.TotalSeconds);
}
