using Microsoft.Data.Sqlite;

namespace ActorMailProxy.Routing.Maps.Sql;

/// <summary>
/// A map in an SQLite file with perdition's table layout, opened read-only for each lookup. A missing or
/// broken file makes lookups <see cref="MapAnswer.Unavailable"/>, not start-up fail, since it may appear later.
/// </summary>
public sealed class SqliteMapSource : IMapSource
{
    public const string Kind = "sqlite";

    private readonly SqlMapLookup _lookup;

    /// <exception cref="MapSourceException">The options are invalid (all problems listed).</exception>
    public SqliteMapSource(SqliteMapOptions options)
    {
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new MapSourceException(Kind, problems);
        }

        Options = options;
        Name = $"{Kind}:{options.Path}";
        var busySeconds = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadOnly,
            DefaultTimeout = busySeconds,
            // Opening a local file is cheap; a pooled handle would keep reading a file replaced by rename.
            Pooling = false,
        }.ConnectionString;
        _lookup = new SqlMapLookup(
            Name,
            SqliteFactory.Instance.CreateDataSource(connectionString),
            options.Table.Select(foldsUnquoted: false, "@key"),
            options.BusyTimeout + TimeSpan.FromSeconds(1),
            password: null);
    }

    public SqliteMapOptions Options { get; }

    public string Name { get; }

    /// <summary>Remote like every SQL map: nodes share the file over a disk, and each lookup opens it.</summary>
    public MapLocality Locality => MapLocality.Remote;

    public ValueTask<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken) =>
        _lookup.LookupAsync(key, cancellationToken);

    /// <summary>Nothing is cached or pooled: every lookup already opens the file as it is now.</summary>
    public void Reload()
    {
    }

    public void Dispose() => _lookup.Dispose();
}
