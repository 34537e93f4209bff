namespace ActorMailProxy.Routing.Maps.Sql;

/// <summary>
/// Where an SQL map keeps its routes: perdition's table of <c>user</c>, <c>servername</c> and <c>port</c>
/// (perditiondb(5)), under whatever names -m gives.
/// </summary>
public sealed record SqlMapTable
{
    public const string DefaultTable = "tblPerdition";
    public const string DefaultServerColumn = "servername";
    public const string DefaultUserColumn = "user";
    public const string DefaultPortColumn = "port";

    public string Table { get; init; } = DefaultTable;

    public string ServerColumn { get; init; } = DefaultServerColumn;

    public string UserColumn { get; init; } = DefaultUserColumn;

    public string PortColumn { get; init; } = DefaultPortColumn;

    /// <summary>
    /// The table name at field <paramref name="table"/> of -m and servercol:usercol:portcol from field
    /// <paramref name="firstColumn"/> on (perdition's SQL maps put the database login in between); a missing or empty
    /// field takes the default.
    /// </summary>
    internal static SqlMapTable FromFields(MapOptionFields fields, int table, int firstColumn) => new()
    {
        Table = fields[table, DefaultTable],
        ServerColumn = fields[firstColumn, DefaultServerColumn],
        UserColumn = fields[firstColumn + 1, DefaultUserColumn],
        PortColumn = fields[firstColumn + 2, DefaultPortColumn],
    };

    /// <summary>Every name that is not a plain identifier, each with what it is; empty when all are fine.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!SqlIdentifier.IsTable(Table))
        {
            problems.Add(Invalid("table", Table, "[schema.]name"));
        }

        foreach (var (what, name) in new[] { ("server column", ServerColumn), ("user column", UserColumn), ("port column", PortColumn) })
        {
            if (!SqlIdentifier.IsColumn(name))
            {
                problems.Add(Invalid(what, name, "name"));
            }
        }

        return problems;
    }

    /// <summary>
    /// The one query an SQL map runs, the key always a parameter. <paramref name="foldsUnquoted"/>: PostgreSQL,
    /// where perdition left the table, server and port names unquoted (so folded to lower case) and quoted only
    /// the user column; quoting the folded names finds exactly the objects perdition found.
    /// </summary>
    internal string Select(bool foldsUnquoted, string keyParameter)
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }

        return $"SELECT {SqlIdentifier.Quote(ServerColumn, foldsUnquoted)}, {SqlIdentifier.Quote(PortColumn, foldsUnquoted)} " +
            $"FROM {SqlIdentifier.Quote(Table, foldsUnquoted)} " +
            $"WHERE {SqlIdentifier.Quote(UserColumn, foldCase: false)} = {keyParameter} LIMIT 1";
    }

    private static string Invalid(string what, string name, string form) =>
        $"{what} \"{name}\" is not a plain SQL {form} (ASCII letters, digits and _, not starting with a digit, " +
        "at most 63 characters)";
}
