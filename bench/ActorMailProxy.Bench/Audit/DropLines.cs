using System.Globalization;
using System.Text.RegularExpressions;
using ActorMailProxy.Bench.Targets;

namespace ActorMailProxy.Bench.Audit;

/// <summary>
/// The events a node dropped, as its log says: its publisher writes "Audit buffer full (… waiting): dropping the oldest,
/// from now on counted (N so far)" at the first drop, then "Audit buffer full: … more events dropped (N since start)"
/// at each check while drops go on. The largest N of a log is that node's count so far.
/// </summary>
public static partial class DropLines
{
    /// <summary>Summed over the logs; a log not written yet counts 0.</summary>
    public static long DroppedSoFar(IEnumerable<string> logPaths) => logPaths.Sum(DroppedSoFar);

    public static long DroppedSoFar(string logPath)
    {
        long most = 0;
        foreach (var line in ProxyCluster.LogLines(logPath))
        {
            if (Count().Match(line) is { Success: true } match)
            {
                most = Math.Max(most, long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }
        return most;
    }

    [GeneratedRegex(@"Audit buffer full.*\((\d+) (?:so far|since start)\)")]
    private static partial Regex Count();
}
