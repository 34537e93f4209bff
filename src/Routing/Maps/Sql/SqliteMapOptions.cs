namespace ActorMailProxy.Routing.Maps.Sql;

/// <summary>
/// Our SQLite map option, <c>-m path[:table[:servercol[:usercol[:portcol]]]]</c>: perdition's table layout and
/// defaults in a local file, which therefore cannot have a colon in its path.
/// </summary>
public sealed record SqliteMapOptions
{
    public const int FieldCount = 5;

    public required string Path { get; init; }

    public SqlMapTable Table { get; init; } = new();

    /// <summary>How long a lookup waits for a writer's lock on the file; not in the option string.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <exception cref="MapSourceException">No path, too many fields or invalid names (all problems listed).</exception>
    public static SqliteMapOptions Parse(string? option)
    {
        var fields = MapOptionFields.Split(option);
        var problems = new List<string>();
        if (fields.Count > FieldCount)
        {
            problems.Add($"{fields.Count} colon-separated fields, at most {FieldCount}: path:table:servercol:usercol:portcol");
        }

        var options = new SqliteMapOptions
        {
            Path = fields[0, ""],
            Table = SqlMapTable.FromFields(fields, table: 1, firstColumn: 2),
        };
        problems.AddRange(options.Problems());
        return problems.Count == 0 ? options : throw new MapSourceException(SqliteMapSource.Kind, problems);
    }

    /// <summary>Every reason these options cannot be used; empty when they can.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Path.Length == 0)
        {
            problems.Add("no database file: give -m path[:table[:servercol[:usercol[:portcol]]]]");
        }

        if (BusyTimeout < TimeSpan.FromSeconds(1))
        {
            problems.Add("the busy timeout must be at least 1 s (whole seconds, rounded up)");
        }

        problems.AddRange(Table.Problems());
        return problems;
    }
}
