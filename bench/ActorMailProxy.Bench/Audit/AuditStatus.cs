using System.Globalization;
using System.Text.RegularExpressions;
using ActorMailProxy.Bench.Processes;

namespace ActorMailProxy.Bench.Audit;

/// <summary>
/// The audit trail as <c>actormailproxy cluster status</c> shows it, summed over the members: events waiting to be stored
/// (each node's publisher: in flight and buffered) and events dropped since each node started (its buffer was full).
/// <paramref name="Answered"/> of <paramref name="Members"/> nodes answered; the others' counts are missing from the sums.
/// </summary>
public sealed partial record AuditStatus(int Members, int Answered, long Waiting, long Dropped)
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs the operator's command against <paramref name="seed"/>: a .NET process that joins by remoting, about a CPU
    /// second each time. Null when it did not answer.
    /// </summary>
    public static async Task<AuditStatus?> ReadAsync(string assembly, string seed)
    {
        var (exitCode, output) = await ToolRun.RunAsync("dotnet", [assembly, "cluster", "status", "--cluster_seed", seed], Limit);
        return exitCode == 0 ? Parse(output) : null;
    }

    /// <summary>The member rows are the lines between the NODE heading and the "N members:" summary.</summary>
    public static AuditStatus? Parse(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var heading = Array.FindIndex(lines, l => l.StartsWith("NODE", StringComparison.Ordinal));
        var summary = Array.FindIndex(lines, l => Summary().IsMatch(l));
        if (heading < 0 || summary < heading)
        {
            return null;
        }
        var rows = lines[(heading + 1)..summary];
        long Sum(Regex pattern) => rows.Sum(r => pattern.Match(r) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
        var answered = rows.Count(r => !r.Contains("no answer", StringComparison.Ordinal) && !r.Contains("UNREACHABLE", StringComparison.Ordinal));
        return new AuditStatus(rows.Length, answered, Sum(WaitingNote()), Sum(DroppedNote()));
    }

    [GeneratedRegex(@"^\d+ members?:")]
    private static partial Regex Summary();

    [GeneratedRegex(@"audit events waiting: (\d+)")]
    private static partial Regex WaitingNote();

    [GeneratedRegex(@"AUDIT EVENTS DROPPED: (\d+)")]
    private static partial Regex DroppedNote();
}
