using System.Globalization;

namespace ActorMailProxy.Bench.Processes;

/// <summary>
/// The resident part of a process's C heap (glibc malloc), read from /proc/PID/smaps: the main arena ([heap]) and the
/// per-thread arenas, which glibc maps as 64 MiB blocks aligned to 64 MiB. In a .NET process this is native memory,
/// OpenSSL's among it; the GC heap lives in its own reservation and is not counted, so the two can be told apart.
/// </summary>
public static class MallocHeap
{
    private const long ArenaSize = 64L << 20;

    public static long ResidentKiB(int pid)
    {
        var mappings = Read($"/proc/{pid}/smaps");
        long kib = 0;
        for (var i = 0; i < mappings.Count; i++)
        {
            var m = mappings[i];
            if (m.Path == "[heap]" || IsArena(m, i + 1 < mappings.Count ? mappings[i + 1] : null))
            {
                kib += m.RssKiB;
            }
        }
        return kib;
    }

    // An arena's used part is read-write from its aligned start; the rest of its 64 MiB stays reserved (---p) until needed.
    private static bool IsArena(Mapping m, Mapping? next) =>
        m.Path.Length == 0 && m.Permissions.StartsWith("rw", StringComparison.Ordinal) && m.Start % ArenaSize == 0 &&
        (m.End == m.Start + ArenaSize || next is { Permissions: "---p" } n && n.Start == m.End && n.End == m.Start + ArenaSize);

    private sealed record Mapping(long Start, long End, string Permissions, string Path)
    {
        public long RssKiB { get; set; }
    }

    private static List<Mapping> Read(string smaps)
    {
        var mappings = new List<Mapping>();
        foreach (var line in File.ReadLines(smaps))
        {
            if (line.StartsWith("Rss:", StringComparison.Ordinal) && mappings.Count > 0)
            {
                mappings[^1].RssKiB = long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
            else if (Header(line) is { } mapping)
            {
                mappings.Add(mapping);
            }
        }
        return mappings;
    }

    // "start-end perms offset dev inode [path]"; the key lines ("Rss:   12 kB") have no '-' in their first field.
    private static Mapping? Header(string line)
    {
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        var range = fields[0].Split('-');
        if (range.Length != 2 || !long.TryParse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start) ||
            !long.TryParse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
        {
            return null;
        }
        return new Mapping(start, end, fields[1], fields.Length > 5 ? fields[5].Trim() : "");
    }
}
