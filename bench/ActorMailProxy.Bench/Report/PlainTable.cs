using System.Text;

namespace ActorMailProxy.Bench.Report;

/// <summary>
/// A report table whose columns are not targets (the audit runs' setups, journals, minutes): a heading, a description,
/// a row per quantity. A failure goes into its cell whole; these tables are few and narrow.
/// </summary>
public sealed class PlainTable(string title, string description, IReadOnlyList<string> columns)
{
    private readonly List<(string Label, IReadOnlyList<string> Cells)> _rows = [];

    public PlainTable Row(string label, IEnumerable<string> cells)
    {
        _rows.Add((label, [.. cells]));
        return this;
    }

    public string Render()
    {
        var text = new StringBuilder();
        text.Append("## ").AppendLine(title).AppendLine();
        if (description.Length > 0)
        {
            text.AppendLine(description).AppendLine();
        }
        text.Append("| |").AppendJoin("", columns.Select(c => $" {c} |")).AppendLine();
        text.Append("|---|").AppendJoin("", columns.Select(_ => "---:|")).AppendLine();
        foreach (var (label, cells) in _rows)
        {
            text.Append("| ").Append(label).Append(" |").AppendJoin("", cells.Select(c => $" {c.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal)} |")).AppendLine();
        }
        return text.ToString();
    }
}
