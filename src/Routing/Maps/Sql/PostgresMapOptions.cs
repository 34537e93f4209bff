using System.Globalization;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Routing.Maps.Sql;

/// <summary>
/// perdition's PostgreSQL map option, <c>-m dbhost[:dbport[:dbname[:dbtable[:dbuser[:dbpwd[:dbservercol[:dbusercol[:dbportcol]]]]]]]]</c>.
/// The password is a <see cref="Secret"/>, so this record's text form never shows it.
/// </summary>
public sealed record PostgresMapOptions
{
    public const int FieldCount = 9;
    public const string DefaultHosts = "localhost";
    public const int DefaultPort = 5432;
    public const string DefaultDatabase = "dbPerdition";
    public const string DefaultUser = "perdition";
    public const string DefaultPassword = "perdition";

    /// <summary>One host or several, comma-separated without spaces, tried in order (perdition's fallback).</summary>
    public string Hosts { get; init; } = DefaultHosts;

    public int Port { get; init; } = DefaultPort;

    public string Database { get; init; } = DefaultDatabase;

    public string User { get; init; } = DefaultUser;

    public Secret Password { get; init; } = Secret.FromString(DefaultPassword);

    public SqlMapTable Table { get; init; } = new();

    /// <summary>
    /// For each host tried; not in perdition's option. With <see cref="CommandTimeout"/> it stays inside the 5 s the
    /// user map gives a lookup (<c>UserMapSettings.LookupTimeout</c>), since a login waits on it.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>For the query once connected; not in perdition's option.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Reads the -m string; an empty one means every default.</summary>
    /// <exception cref="MapSourceException">A field is invalid; all problems are listed, never the password.</exception>
    public static PostgresMapOptions Parse(string? option)
    {
        var fields = MapOptionFields.Split(option);
        var problems = new List<string>();
        if (fields.Count > FieldCount)
        {
            problems.Add($"{fields.Count} colon-separated fields, at most {FieldCount}: " +
                "dbhost:dbport:dbname:dbtable:dbuser:dbpwd:dbservercol:dbusercol:dbportcol");
        }

        var portText = fields[1, DefaultPort.ToString(CultureInfo.InvariantCulture)];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            problems.Add($"dbport \"{portText}\" is not a port number");
            port = DefaultPort;
        }

        var options = new PostgresMapOptions
        {
            Hosts = fields[0, DefaultHosts],
            Port = port,
            Database = fields[2, DefaultDatabase],
            User = fields[4, DefaultUser],
            Password = Secret.FromString(fields[5, DefaultPassword]),
            Table = SqlMapTable.FromFields(fields, table: 3, firstColumn: 6),
        };
        problems.AddRange(options.Problems());
        return problems.Count == 0 ? options : throw new MapSourceException(PostgresMapSource.Kind, problems);
    }

    /// <summary>Every invalid host list, port, timeout or table name; empty when the options can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        // A host may also be a Unix socket directory such as /run/postgresql, as libpq allowed perdition.
        if (Hosts.Split(',').Any(host => host.Length == 0 || host.Any(char.IsWhiteSpace)))
        {
            problems.Add($"dbhost \"{Hosts}\" is not a host or a comma-separated list of hosts without spaces");
        }

        if (Port is < 1 or > 65535)
        {
            problems.Add($"dbport {Port} is not a port number (1 to 65535)");
        }

        if (ConnectTimeout < TimeSpan.FromSeconds(1) || CommandTimeout < TimeSpan.FromSeconds(1))
        {
            problems.Add("the connect and command timeouts must be at least 1 s (whole seconds, rounded up)");
        }

        problems.AddRange(Table.Problems());
        return problems;
    }
}
