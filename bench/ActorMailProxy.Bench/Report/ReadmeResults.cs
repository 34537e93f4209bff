namespace ActorMailProxy.Bench.Report;

/// <summary>Puts the latest report into the bench's README between two marker comments, leaving the rest of the README alone.</summary>
public static class ReadmeResults
{
    public const string Start = "<!-- latest results: written by bench/run.sh -->";
    public const string End = "<!-- end of latest results -->";

    public static async Task ReplaceAsync(string readme, string report)
    {
        var text = await File.ReadAllTextAsync(readme);
        var start = text.IndexOf(Start, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"{readme} lacks the markers {Start} … {End}");
        }
        // Every heading one level down: the report's title becomes a section of the README.
        var section = "#" + report.Replace("\n#", "\n##", StringComparison.Ordinal);
        await File.WriteAllTextAsync(readme, text[..(start + Start.Length)] + "\n\n" + section.Trim() + "\n\n" + text[end..]);
    }
}
