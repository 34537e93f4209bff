using System.Text;
using ActorMailProxy.Bench.Measurements;

namespace ActorMailProxy.Bench.Report;

/// <summary>
/// One report table: a row per quantity, a column per target. A failed measurement shows as a numbered note under
/// the table, so a long error message does not break the table's layout.
/// </summary>
public sealed class MarkdownTable(string title, string description, IReadOnlyList<TargetResults> targets)
{
    private readonly List<(string Label, string[] Cells)> _rows = [];
    private readonly List<string> _notes = [];

    /// <summary>A row whose cell for each target comes from that target's outcome; <paramref name="pick"/> returns null where the row does not apply.</summary>
    public MarkdownTable Row<T>(string label, Func<TargetResults, Outcome<T>?> pick, Func<T, TargetResults, string> format) where T : class
    {
        _rows.Add((label, [.. targets.Select(t => Cell(t, pick(t), format))]));
        return this;
    }

    public string Render()
    {
        var text = new StringBuilder();
        text.Append("## ").AppendLine(title).AppendLine().AppendLine(description).AppendLine();
        text.Append("| |").AppendJoin("", targets.Select(t => $" {t.Name} |")).AppendLine();
        text.Append("|---|").AppendJoin("", targets.Select(_ => "---:|")).AppendLine();
        foreach (var (label, cells) in _rows)
        {
            text.Append("| ").Append(label).Append(" |").AppendJoin("", cells.Select(c => $" {c} |")).AppendLine();
        }
        foreach (var (note, number) in _notes.Select((n, i) => (n, i + 1)))
        {
            text.AppendLine().Append($"[{number}] ").Append(note.ReplaceLineEndings(" ")).AppendLine();
        }
        return text.ToString();
    }

    private string Cell<T>(TargetResults target, Outcome<T>? outcome, Func<T, TargetResults, string> format) where T : class
    {
        if (target.Unavailable is not null)
        {
            return "skipped";
        }
        if (outcome?.Value is { } value)
        {
            return format(value, target);
        }
        if (outcome?.Failure is { } failure)
        {
            var note = $"{target.Name}: {failure}";
            var index = _notes.IndexOf(note);
            if (index < 0)
            {
                _notes.Add(note);
                index = _notes.Count - 1;
            }
            return $"failed [{index + 1}]";
        }
        return "—";
    }
}
