namespace ActorMailProxy.Bench.Report;

/// <summary>Puts the latest report into the bench's README between two marker comments, leaving the rest of the README alone.</summary>
public static class ReadmeResults
{
    public const string Start = "<!-- latest results: written by bench/run.sh -->";
    public const string End = "<!-- end of latest results -->";

    /// <summary>The markers of the cluster run's section (<c>bench/run.sh --cluster</c>).</summary>
    public const string ClusterStart = "<!-- cluster results: written by bench/run.sh --cluster -->";
    public const string ClusterEnd = "<!-- end of cluster results -->";

    /// <summary>The markers of the audit runs' sections (<c>bench/run.sh --audit-storm</c>, <c>--audit-scale</c>).</summary>
    public const string AuditStormStart = "<!-- audit storm results: written by bench/run.sh --audit-storm -->";
    public const string AuditStormEnd = "<!-- end of audit storm results -->";
    public const string AuditScaleStart = "<!-- audit scale results: written by bench/run.sh --audit-scale -->";
    public const string AuditScaleEnd = "<!-- end of audit scale results -->";

    public static Task ReplaceAsync(string readme, string report) => ReplaceAsync(readme, report, Start, End);

    public static async Task ReplaceAsync(string readme, string report, string startMarker, string endMarker)
    {
        var text = await File.ReadAllTextAsync(readme);
        var start = text.IndexOf(startMarker, StringComparison.Ordinal);
        var end = text.IndexOf(endMarker, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"{readme} lacks the markers {startMarker} … {endMarker}");
        }
        // Every heading one level down: the report's title becomes a section of the README.
        var section = "#" + report.Replace("\n#", "\n##", StringComparison.Ordinal);
        await File.WriteAllTextAsync(readme, text[..(start + startMarker.Length)] + "\n\n" + section.Trim() + "\n\n" + text[end..]);
    }
}
