namespace ActorMailProxy.Routing.Maps.Sql;

/// <summary>
/// perdition's positional, colon-separated -m string for the SQL maps. perditiondb(5) lets trailing fields be
/// omitted; an empty field in the middle is NULL in perdition (libpq then falls back to its own defaults, and a
/// NULL column name breaks the query), so here an empty field at any position takes the documented default.
/// </summary>
internal sealed class MapOptionFields
{
    private readonly string[] _fields;

    private MapOptionFields(string[] fields) => _fields = fields;

    public int Count => _fields.Length;

    public static MapOptionFields Split(string? option) =>
        new(string.IsNullOrEmpty(option) ? [] : option.Split(':'));

    public string this[int index, string defaultValue] =>
        index < _fields.Length && _fields[index].Length > 0 ? _fields[index] : defaultValue;
}
