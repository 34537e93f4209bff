using System.Text.RegularExpressions;

namespace ActorMailProxy.Routing.Maps.Sql;

/// <summary>
/// Table and column names from the operator's -m option. They cannot be query parameters, so they are held to
/// plain ASCII names (a table may carry one schema) and always written quoted.
/// </summary>
internal static partial class SqlIdentifier
{
    /// <summary>NAMEDATALEN - 1 in PostgreSQL; longer names would be cut there silently.</summary>
    private const int MaxLength = 63;

    public static bool IsColumn(string name) => IsPart(name);

    public static bool IsTable(string name) => name.Split('.') is var parts && parts.Length <= 2 && parts.All(IsPart);

    /// <summary>
    /// <c>schema.table</c> → <c>"schema"."table"</c>. <paramref name="foldCase"/> lower-cases first, which is what
    /// PostgreSQL does to the unquoted names perdition's own query used.
    /// </summary>
    public static string Quote(string name, bool foldCase) =>
        string.Join('.', name.Split('.').Select(part => $"\"{(foldCase ? part.ToLowerInvariant() : part)}\""));

    private static bool IsPart(string part) => part.Length <= MaxLength && Plain().IsMatch(part);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();
}
