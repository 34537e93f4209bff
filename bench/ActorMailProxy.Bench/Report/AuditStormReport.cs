using System.Text;
using ActorMailProxy.Bench.Measurements;
using static ActorMailProxy.Bench.Report.ResultTables;

namespace ActorMailProxy.Bench.Report;

/// <summary>The audit storm's report: where and how it ran, whether every event was stored, the rate and backlog minute by minute, the trail on vs off.</summary>
public static class AuditStormReport
{
    /// <summary>A node's publisher holds at most this many events waiting (mailproxy.audit.buffer's default) besides the batch in flight.</summary>
    private const long Buffer = 10_000;

    public static string Render(AuditStormResults results, AuditStormSettings settings, MachineInfo machine, DateTimeOffset started, TimeSpan took, string command, string load)
    {
        var text = new StringBuilder();
        text.AppendLine($"# ActorMailProxy audit storm, {started:yyyy-MM-dd HH:mm} UTC").AppendLine();
        text.AppendLine($"- Machine: {machine.Cores} cores ({machine.Cpu}), {machine.Memory} RAM, Linux {machine.Kernel}; client, nodes, Dovecot and PostgreSQL share it, over 127.0.0.1");
        text.AppendLine($"- Other work on the machine: load average (1, 5, 15 min) {load} when the bench started; other processes (not the bench, Dovecot, a node or PostgreSQL) used " +
            string.Join(", ", results.Storms.Where(s => s.Figures.Value is not null).Select(s => $"{Number(s.Figures.Value!.OtherCores, 2)} of {machine.Cores} cores during the storm on {s.Name}")));
        text.AppendLine($"- Versions: {string.Join(", ", machine.Versions.Where(v => v.Name is ".NET" or "Dovecot").Select(v => $"{v.Name} {v.Version}"))}");
        text.AppendLine($"- Command: `{command}` (took {took.TotalMinutes:0.0} min)");
        foreach (var storm in results.Storms)
        {
            text.AppendLine($"- {storm.Name}: {storm.Setup}");
        }
        text.AppendLine($"- PostgreSQL: {results.Postgres}");
        text.AppendLine($"- Clients: {settings.Clients} POP3 clients, each looping connect → greeting → `USER`/`PASS` → `QUIT` → close as one of Dovecot's {settings.Clients} login users, " +
            $"with no pause; at the end each finishes the session it is in. Before each storm {settings.WarmUp.TotalSeconds:0} s of the same, unmeasured (JIT): " +
            string.Join("; ", results.Storms.Where(s => s.Figures.Value is not null).Select(s => $"{s.Name} {s.Figures.Value!.WarmUp}")));
        text.AppendLine($"- Backlog: `actormailproxy cluster status` every {settings.Sample.TotalSeconds:0} s during the storm (each costs about a CPU second), its notes summed over the nodes: " +
            "audit events waiting (in flight and buffered in each node's publisher) and dropped (buffer full)");
        text.AppendLine();
        text.AppendLine(Summary(results, settings));
        text.AppendLine(Minutes(results, settings));
        text.AppendLine(Comparison(results.Comparison, settings));
        text.AppendLine(Goals(results));
        return text.ToString();
    }

    private static string Summary(AuditStormResults results, AuditStormSettings settings)
    {
        var table = new PlainTable("Audit storm: emitted, stored, dropped",
            $"A {settings.Storm.TotalMinutes:0.#}-minute storm per setup. *Emitted*: three events per session the clients completed (connected, logged in, closed); the proxy " +
            "counts none itself. *Stored*: the journal's rows tagged `audit` after the storm minus before it, each count taken once every node said none of its events " +
            "waits and the count stood still for 5 s. *Dropped*: the difference over the storm of the largest count in the nodes' \"Audit buffer full\" log lines, and of " +
            "cluster status's dropped notes. Logins/s counts the logins within the storm's time; CPU is per such login.",
            [.. results.Storms.Select(s => s.Name)]);
        string Cell(StormResult s, Func<StormFigures, string> format) => s.Figures.Value is { } f ? format(f) : $"failed: {s.Figures.Failure}";
        void Row(string label, Func<StormFigures, string> format) => table.Row(label, results.Storms.Select(s => Cell(s, format)));
        Row("logins/s", f => Number(f.Storm.PerSecond, 0));
        Row("sessions completed", f => Number(f.Storm.Ok, 0));
        Row("sessions failed", f => f.Storm.Failed == 0 ? "0" : $"{Number(f.Storm.Failed, 0)} (first: {f.Storm.FirstError})");
        Row("events emitted (3 per completed session)", f => Number(f.Emitted, 0));
        Row("events stored", f => Number(f.Stored, 0));
        Row("stored − emitted", f => f.Stored == f.Emitted ? "0" : $"**{Number(f.Stored - f.Emitted, 0)}**");
        Row("dropped (nodes' logs)", f => f.DroppedLogged == 0 ? "0" : $"**{Number(f.DroppedLogged, 0)}**");
        Row("dropped (cluster status)", f => f.DroppedStatus is { } d ? (d == 0 ? "0" : $"**{Number(d, 0)}**") : "no answer");
        Row("emitted − stored − dropped (logs)", f => f.Unaccounted == 0 ? "0" : $"**{Number(f.Unaccounted, 0)}**");
        Row("events stored per second, storm and drain", f => Number(f.Stored / (f.Storm.Seconds + f.Drain.TotalSeconds), 0));
        Row("backlog: most waiting at a reading", f => Most(f.Backlog) is { } m ? Number(m, 0) : "no reading answered");
        Row("backlog: waiting at the last reading", f => f.Backlog.LastOrDefault(b => b.Status is not null)?.Status is { } last ? Number(last.Waiting, 0) : "—");
        Row("readings answered by every node", f => $"{f.Backlog.Count(b => b.Status is { } s && s.Answered == s.Members)} of {f.Backlog.Count}");
        Row("backlog stored after the storm within", f => f.Drained ? $"{Number(f.Drain.TotalSeconds, 0)} s" : $"**not within {Number(f.Drain.TotalSeconds, 0)} s**");
        Row("proxy CPU ms/login (all nodes)", f => f.Storm.CpuMsPerLogin is { } ms ? Number(ms, 3) : "—");
        Row("PostgreSQL CPU ms/login", f => f.DatabaseCpuSeconds is { } s && f.Storm.Ticks[^1].Ok > 0 ? Number(s * 1000 / f.Storm.Ticks[^1].Ok, 3) : "—");
        return table.Render();
    }

    private static long? Most(IReadOnlyList<BacklogSample> samples) =>
        samples.Where(b => b.Status is not null).Select(b => (long?)b.Status!.Waiting).Max();

    private static string Minutes(AuditStormResults results, AuditStormSettings settings)
    {
        var storms = results.Storms.Where(s => s.Figures.Value is not null).ToList();
        var columns = storms.SelectMany(s => new[] { $"{s.Name}: logins/s", $"{s.Name}: backlog most / last" }).ToList();
        var table = new PlainTable("Logins and backlog minute by minute",
            "Logins/s over each whole minute of the storm; the backlog (events waiting, all nodes) at the readings within that minute: the most, and the last.",
            columns);
        var minutes = storms.Select(s => s.Figures.Value!.Storm.PerMinute()).ToList();
        for (var minute = 1; minute <= minutes.Select(m => m.Count).DefaultIfEmpty(0).Max(); minute++)
        {
            var cells = new List<string>();
            foreach (var (storm, perMinute) in storms.Zip(minutes))
            {
                var row = perMinute.FirstOrDefault(m => m.Minute == minute);
                cells.Add(row.Minute == 0 ? "—" : Number(row.Ok / 60.0, 0) + (row.Failed > 0 ? $" ({row.Failed} failed)" : ""));
                var readings = storm.Figures.Value!.Backlog.Where(b => b.Seconds > (minute - 1) * 60 && b.Seconds <= minute * 60 && b.Status is not null).ToList();
                cells.Add(readings.Count == 0 ? "—" : $"{Number(readings.Max(r => r.Status!.Waiting), 0)} / {Number(readings[^1].Status!.Waiting, 0)}");
            }
            table.Row($"minute {minute}", cells);
        }
        return table.Render();
    }

    private static string Comparison(Outcome<TrailComparison> comparison, AuditStormSettings settings)
    {
        const string title = "Logins/s with the audit trail on and off";
        var description = $"Two single nodes as above, started together, one with `mailproxy.audit.enabled = off` (connections record to a trail that keeps nothing), " +
            $"taking turns of {settings.ComparisonTurn.TotalSeconds:0} s with the same {settings.Clients} clients, {settings.ComparisonRounds} turns each, after " +
            $"{settings.WarmUp.TotalSeconds:0} s of warm-up each. After each turn of the node with the trail on, its backlog is stored before the next turn begins, so " +
            "neither turn pays for the other's events.";
        if (comparison.Value is not { } value)
        {
            return $"## {title}\n\n{description}\n\nfailed: {comparison.Failure}\n";
        }
        var table = new PlainTable(title, description, [.. value.Turns.Select((t, i) => $"turn {i + 1}: trail {(t.On ? "on" : "off")}")]);
        table.Row("logins/s", value.Turns.Select(t => Number(t.Turn.PerSecond, 0)));
        table.Row("failed", value.Turns.Select(t => Number(t.Turn.Failed, 0)));
        table.Row("proxy CPU ms/login", value.Turns.Select(t => t.Turn.CpuMsPerLogin is { } ms ? Number(ms, 3) : "—"));
        table.Row("backlog stored after the turn within", value.Turns.Select(t => t.On ? $"{Number(t.Drain.TotalSeconds, 0)} s" : "—"));
        var ratio = value.Rate(true) / value.Rate(false);
        return table.Render() + $"\nTrail on: {Number(value.Rate(true), 0)} logins/s; off: {Number(value.Rate(false), 0)} logins/s; on ÷ off = {Number(ratio, 3)}.\n";
    }

    private static string Goals(AuditStormResults results)
    {
        var text = new StringBuilder("## Goals of issue 14\n\n");
        foreach (var storm in results.Storms)
        {
            if (storm.Figures.Value is not { } f)
            {
                text.AppendLine($"- ✘ {storm.Name}: the storm did not run ({storm.Figures.Failure})");
                continue;
            }
            var lossless = f.Stored == f.Emitted && f.DroppedLogged == 0 && f.DroppedStatus is 0 && f.Storm.Failed == 0;
            text.AppendLine($"- {(lossless ? "✔" : "✘")} {storm.Name}: emitted = stored, 0 dropped: {Number(f.Emitted, 0)} emitted, {Number(f.Stored, 0)} stored, " +
                $"{Number(f.DroppedLogged, 0)} dropped{(f.Storm.Failed > 0 ? $", {Number(f.Storm.Failed, 0)} sessions failed" : "")}");
            var most = Most(f.Backlog);
            text.AppendLine($"- {(most < f.Nodes * Buffer && f.Drained ? "✔" : "✘")} {storm.Name}: backlog bounded (never the full buffer, {Number(Buffer, 0)} events per node, " +
                $"and stored after the storm): at most {(most is { } m ? Number(m, 0) : "unknown")} waiting, stored within {Number(f.Drain.TotalSeconds, 0)} s");
        }
        if (results.Comparison.Value is { } c)
        {
            var ratio = c.Rate(true) / c.Rate(false);
            text.AppendLine($"- {(ratio >= 0.95 ? "✔" : "✘")} login rate with the trail on within 5 % of off: on ÷ off = {Number(ratio, 3)}");
        }
        else
        {
            text.AppendLine($"- ✘ trail on vs off: not measured ({results.Comparison.Failure})");
        }
        return text.ToString();
    }
}
