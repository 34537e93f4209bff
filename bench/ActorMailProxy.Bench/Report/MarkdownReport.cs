using System.Text;
using ActorMailProxy.Bench.Measurements;

namespace ActorMailProxy.Bench.Report;

/// <summary>The whole report of one run: when, where, with what, how it was started, then a table per measurement and the goals.</summary>
public static class MarkdownReport
{
    public static string Render(IReadOnlyList<TargetResults> targets, BenchSettings settings, MachineInfo machine, DateTimeOffset started, TimeSpan took, string command)
    {
        var text = new StringBuilder();
        text.AppendLine($"# ActorMailProxy benchmark, {started:yyyy-MM-dd HH:mm} UTC").AppendLine();
        text.AppendLine($"- Machine: {machine.Cores} cores ({machine.Cpu}), {machine.Memory} RAM, Linux {machine.Kernel}; client, targets and Dovecot share it, over 127.0.0.1");
        text.AppendLine($"- Versions: {string.Join(", ", machine.Versions.Select(v => $"{v.Name} {v.Version}"))}");
        text.AppendLine($"- Command: `{command}` (took {took.TotalMinutes:0.0} min)");
        text.AppendLine("- Targets: direct = client → Dovecot; ActorMailProxy = its Release build as a separate process (`-M \"\"`, all logins to Dovecot); " +
            "perdition = `/usr/sbin/perdition`, one process per protocol, forking per connection; nginx = its mail proxy with an HTTP auth service in the bench process");
        foreach (var skipped in targets.Where(t => t.Unavailable is not null))
        {
            text.AppendLine($"- **{skipped.Name} skipped**: {skipped.Unavailable!.ReplaceLineEndings(" ")}");
        }
        text.AppendLine();
        foreach (var table in new ResultTables(targets, settings).Render())
        {
            text.AppendLine(table);
        }
        text.Append(new Goals(targets, settings).Render());
        return text.ToString();
    }
}
