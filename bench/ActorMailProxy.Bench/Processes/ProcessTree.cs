namespace ActorMailProxy.Bench.Processes;

/// <summary>
/// A target's processes as /proc shows them: the ones it started and everything they forked since
/// (perdition's per-connection children, nginx's workers), looked up afresh on every reading.
/// </summary>
public sealed class ProcessTree(IReadOnlyList<int> roots)
{
    /// <summary>Resident memory summed over the tree (VmRSS): pages shared by forked children count once per child.</summary>
    public long RssKiB() => Sum("status", "VmRSS:");

    /// <summary>Proportional memory (Pss): each shared page split among its sharers, so forked children are not over-counted.</summary>
    public long PssKiB() => Sum("smaps_rollup", "Pss:");

    /// <summary>Resident C heap (glibc malloc) summed over the tree: see <see cref="MallocHeap"/>.</summary>
    public long MallocKiB() => Members().Sum(pid => Safe(() => MallocHeap.ResidentKiB(pid)));

    public int ProcessCount() => Members().Count;

    /// <summary>Open descriptors over the tree; it falls back to its idle count once closed connections are gone.</summary>
    public int OpenFiles() => Members().Sum(pid => Safe(() => Directory.GetFiles($"/proc/{pid}/fd").Length));

    /// <summary>
    /// CPU seconds used so far: every member's own, to the nanosecond, plus its reaped children's (cutime, cstime). A child
    /// that ends between two readings moves its time into its parent's, so the difference of two readings is right either way.
    /// </summary>
    public double CpuSeconds()
    {
        double seconds = 0;
        foreach (var pid in Members())
        {
            var fields = StatFields(pid);
            // After "pid (comm)": state is field 3, so cutime and cstime (fields 16 and 17) are at 13 and 14.
            if (fields.Length > 14 && Posix.ProcessCpuSeconds(pid) is { } own)
            {
                seconds += own + (double)(long.Parse(fields[13]) + long.Parse(fields[14])) / Posix.ClockTicksPerSecond;
            }
        }
        return seconds;
    }

    private long Sum(string file, string key) => Members().Sum(pid => Safe(() =>
    {
        var line = File.ReadLines($"/proc/{pid}/{file}").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? 0L : long.Parse(line[key.Length..].Trim().Split(' ')[0]);
    }));

    private List<int> Members()
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && StatFields(pid) is { Length: > 1 } fields)
            {
                parents[pid] = int.Parse(fields[1]);
            }
        }
        var children = parents.ToLookup(p => p.Value, p => p.Key);
        var members = roots.Where(parents.ContainsKey).ToList();
        for (var i = 0; i < members.Count; i++)
        {
            members.AddRange(children[members[i]]);
        }
        return members;
    }

    /// <summary>The fields of /proc/PID/stat after the command name, which may itself hold spaces and parentheses; empty once the process is gone.</summary>
    private static string[] StatFields(int pid)
    {
        var stat = Safe(() => File.ReadAllText($"/proc/{pid}/stat"), "");
        var close = stat.LastIndexOf(')');
        return close < 0 ? [] : stat[(close + 2)..].Split(' ');
    }

    private static T Safe<T>(Func<T> read, T gone = default!)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return gone;
        }
    }
}
