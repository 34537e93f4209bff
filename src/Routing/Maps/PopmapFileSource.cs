using System.Collections.Frozen;

namespace ActorMailProxy.Routing.Maps;

/// <summary>
/// perdition's gdbm and bdb maps, read from the text they are built from (makegdbm's input):
/// <c>key:[user@]host[:port]</c> per line, split at the first colon. Keys match exactly and case-sensitively,
/// as a gdbm fetch does; for a repeated key the first line wins, as makegdbm keeps it.
/// </summary>
public sealed class PopmapFileSource : IMapSource
{
    private volatile FrozenDictionary<string, string> _entries;

    /// <exception cref="MapSourceException">The file is missing, unreadable or has malformed lines.</exception>
    public PopmapFileSource(string path)
    {
        Path = path;
        _entries = Parse(MapFile.ReadText(path), path);
    }

    public string Path { get; }

    public string Name => $"popmap:{Path}";

    public MapLocality Locality => MapLocality.Local;

    public int Count => _entries.Count;

    public ValueTask<MapAnswer> LookupAsync(string key, CancellationToken cancellationToken) =>
        ValueTask.FromResult<MapAnswer>(_entries.TryGetValue(key, out var value)
            ? new MapAnswer.Found(value)
            : MapAnswer.NotFound.Instance);

    /// <summary>Re-reads the file; on any error the map in use stays as it was and the error is thrown.</summary>
    /// <exception cref="MapSourceException">The new file could not be read or parsed.</exception>
    public void Reload() => _entries = Parse(MapFile.ReadText(Path), Path);

    public void Dispose()
    {
    }

    internal static FrozenDictionary<string, string> Parse(string text, string path)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var colon = line.IndexOf(':');
            var key = colon < 0 ? "" : line[..colon].Trim();
            var value = colon < 0 ? "" : line[(colon + 1)..].Trim();
            if (key.Length == 0 || value.Length == 0)
            {
                problems.Add($"line {i + 1}: expected key:[user@]host[:port], got \"{line}\"");
                continue;
            }

            entries.TryAdd(key, value);
        }

        return problems.Count == 0
            ? entries.ToFrozenDictionary(StringComparer.Ordinal)
            : throw new MapSourceException(path, problems);
    }
}
