using System.Text.RegularExpressions;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.Maps.PosixRegex;
using ActorMailProxy.Routing.Maps.Sql;

namespace ActorMailProxy.Routing.UserMap;

/// <summary>
/// Turns perdition's <c>-M</c> (<c>--map_library</c>) and <c>-m</c> (<c>--map_library_opt</c>) into a built-in map
/// source. Accepts our names and perdition's library paths, so an unchanged perdition.conf keeps working.
/// </summary>
public static partial class MapSourceFactory
{
    public const string DefaultPopmapPath = "/etc/perdition/popmap";
    public const string DefaultPosixRegexPath = "/etc/perdition/popmap.re";

    /// <exception cref="NotSupportedException">A perdition map library that has no built-in source (yet).</exception>
    /// <exception cref="ArgumentException">A name that is no map library at all.</exception>
    /// <exception cref="MapSourceException">The map file cannot be loaded, or a database option is invalid.</exception>
    public static IMapSource Create(string mapLibrary, string mapOption)
    {
        var name = SourceName(mapLibrary);
        var option = string.IsNullOrEmpty(mapOption) ? null : mapOption;
        return name switch
        {
            "" or "none" => new NoMapSource(),
            "popmap" or "gdbm" or "bdb" => new PopmapFileSource(option ?? DefaultPopmapPath),
            "posix_regex" => new PosixRegexSource(option ?? DefaultPosixRegexPath),
            "postgresql" or "pgsql" => new PostgresMapSource(PostgresMapOptions.Parse(option)),
            "sqlite" => new SqliteMapSource(SqliteMapOptions.Parse(option)),
            "mysql" or "odbc" =>
                throw new NotSupportedException($"map library {name} ({mapLibrary}) is not supported yet"),
            "ldap" or "nis" or "cdb" or "daemon" =>
                throw new NotSupportedException($"map library {name} ({mapLibrary}) is not supported"),
            _ => throw new ArgumentException(
                $"unknown map library \"{mapLibrary}\"; expected popmap, gdbm, bdb, posix_regex, postgresql, sqlite, " +
                "none (or \"\") " +
                "or a perdition path such as /usr/lib/libperditiondb_posix_regex.so.0", nameof(mapLibrary)),
        };
    }

    /// <summary><c>/usr/lib/x86_64-linux-gnu/libperditiondb_gdbm.so.0</c> → <c>gdbm</c>; our own names as they are.</summary>
    internal static string SourceName(string mapLibrary)
    {
        var match = PerditionLibrary().Match(Path.GetFileName(mapLibrary));
        return match.Success ? match.Groups["name"].Value : mapLibrary.ToLowerInvariant();
    }

    [GeneratedRegex(@"^libperditiondb_(?<name>[a-z0-9_]+)\.so(\.[0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PerditionLibrary();
}
