using System.Text;
using ActorMailProxy.Bench.Audit;
using static ActorMailProxy.Bench.Report.ResultTables;

namespace ActorMailProxy.Bench.Report;

/// <summary>The audit scale bench's report: the journals built, and what a node restarted on each did.</summary>
public static class AuditScaleReport
{
    private static readonly TimeSpan ReadyGoal = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan QueryGoal = TimeSpan.FromSeconds(1);

    public static string Render(AuditScaleResults results, AuditScaleSettings settings, MachineInfo machine, DateTimeOffset started, TimeSpan took, string command, string load)
    {
        var text = new StringBuilder();
        text.AppendLine($"# ActorMailProxy audit at scale, {started:yyyy-MM-dd HH:mm} UTC").AppendLine();
        text.AppendLine($"- Machine: {machine.Cores} cores ({machine.Cpu}), {machine.Memory} RAM, Linux {machine.Kernel}; bench, node, Dovecot and PostgreSQL share it");
        text.AppendLine($"- Load average (1, 5, 15 min) when the bench started: {load}");
        text.AppendLine($"- Versions: {string.Join(", ", machine.Versions.Where(v => v.Name is ".NET" or "Dovecot").Select(v => $"{v.Name} {v.Version}"))}");
        text.AppendLine($"- Command: `{command}` (took {took.TotalMinutes:0.0} min)");
        text.AppendLine($"- Journal: {settings.Events:N0} events asked (whole sessions of three: connected; logged in, or refused by the backend for 10 %; closed) " +
            $"over {settings.Days} days ending 10 minutes before the build ended, 3,000 users, 5,000 client addresses, 3 node names, POP3 and IMAP4; " +
            $"round robin over the persistence ids {string.Join(", ", settings.PersistenceIds.Select(p => $"`{p}`"))}, each with a snapshot of its recent event ids " +
            "at its last sequence number; the last session the known user's POP3 login from 192.0.2.77, in no other session");
        text.AppendLine($"- PostgreSQL: {results.Postgres}");
        text.AppendLine($"- Node: the Release build, `-P POP3 -M \"\" -s 127.0.0.1 -p <Dovecot's POP3> --pop_before_smtp_policy 127.0.0.1:P --journal <the built journal>`, a spool of its own, " +
            $"TTL the default 1,800 s. Every wait is capped at {settings.Cap.TotalSeconds:0} s; the node is killed after the first round of queries");
        text.AppendLine();
        text.AppendLine(Table(results, settings));
        text.AppendLine(Goals(results));
        return text.ToString();
    }

    private static string Table(AuditScaleResults results, AuditScaleSettings settings)
    {
        var table = new PlainTable("Journal build and node restart",
            "Build: the journal's tables made by the proxy itself (started once on the empty journal), then journal rows written directly " +
            "(SQLite: one prepared INSERT, 20,000 rows per transaction; PostgreSQL: a binary COPY per 20,000 rows), each event serialized by the " +
            "proxy's own audit serializer. Restart: times from the node process's start; *ready* is a first POP3 login through it (USER/PASS to Dovecot, QUIT), " +
            "*policy OK* the first `action=OK` of its policy service for 192.0.2.77 (asked every 250 ms, as Postfix would at RCPT TO; before it the node answers as the line below says). " +
            $"CPU and peak RSS (the kernel's VmHWM) are the node's over its first {settings.Window.TotalSeconds:0} s. The queries run after that minute, with the node " +
            $"still running, then again once it is killed: each `actormailproxy audit query … --journal <the journal>` from its start to its exit; events are the lines it printed. " +
            $"\"> {settings.Cap.TotalSeconds:0} s\": not within the cap.",
            [.. results.Journals.Select(j => j.Kind == JournalKind.Sqlite ? "SQLite" : "PostgreSQL")]);
        string Capped(TimeSpan? t) => t is { } v ? $"{Number(v.TotalSeconds, 1)} s" : $"> {settings.Cap.TotalSeconds:0} s";
        void Build(string label, Func<JournalBuild, string> format) =>
            table.Row(label, results.Journals.Select(j => j.Build.Value is { } b ? format(b) : $"failed: {j.Build.Failure}"));
        void Restart(string label, Func<RestartFigures, string> format) =>
            table.Row(label, results.Journals.Select(j => j.Restart.Value is { } r ? format(r) : $"failed: {j.Restart.Failure}"));
        Build("events written", b => Number(b.Events, 0));
        Build("build, all steps", b => $"{Number(b.Took.TotalSeconds, 1)} s");
        foreach (var step in results.Journals.Select(j => j.Build.Value).OfType<JournalBuild>().SelectMany(b => b.Steps.Select(s => s.Step)).Distinct())
        {
            Build($"build: {step}", b => b.Steps.FirstOrDefault(s => s.Step == step) is { Step: not null } s ? $"{Number(s.Took.TotalSeconds, 1)} s" : "—");
        }
        Build("rows written per second (an event: a journal row)", b => Number(b.EventsPerSecond, 0));
        Build("size on disk", b => $"{Number(b.Bytes / 1048576.0, 0)} MiB");
        Restart("known login's age at the restart", r => $"{Number(r.KnownLoginAge.TotalMinutes, 1)} min");
        Restart("listener greets", r => Capped(r.Greeting));
        Restart("ready: first POP3 login through it", r => Capped(r.FirstLogin));
        Restart("policy OK for the known address", r => Capped(r.PolicyOk));
        Restart("policy answers before OK", r => r.PolicyBefore.Count == 0 ? "none" : string.Join(", ", r.PolicyBefore));
        Restart($"CPU s, first {settings.Window.TotalSeconds:0} s", r => r.CpuSeconds is { } c ? Number(c, 1) : "exited");
        Restart($"peak RSS, first {settings.Window.TotalSeconds:0} s", r => r.PeakRssKiB is { } k ? $"{Number(k / 1024.0, 0)} MiB" : "exited");
        foreach (var (arguments, phase) in results.Journals.Select(j => j.Restart.Value).OfType<RestartFigures>().SelectMany(r => r.Queries.Select(q => (q.Arguments, q.While))).Distinct())
        {
            Restart($"`audit query {arguments}`, {phase}", r => r.Queries.FirstOrDefault(q => q.Arguments == arguments && q.While == phase) is { } q
                ? (q.Failure ?? $"{Capped(q.Took)}{(q.Took is null ? "" : $", {Number(q.Events, 0)} events")}")
                : "—");
        }
        Restart("node", r => r.Exited ?? "ran until killed");
        return table.Render();
    }

    private static string Goals(AuditScaleResults results)
    {
        var text = new StringBuilder("## Goals of issue 14\n\n");
        foreach (var journal in results.Journals)
        {
            var name = journal.Kind == JournalKind.Sqlite ? "SQLite" : "PostgreSQL";
            if (journal.Restart.Value is not { } r)
            {
                text.AppendLine($"- ✘ {name}: not measured ({journal.Restart.Failure})");
                continue;
            }
            string Mark(TimeSpan? t, TimeSpan goal) => t <= goal ? "✔" : "✘";
            string Show(TimeSpan? t) => t is { } v ? $"{Number(v.TotalSeconds, 1)} s" : $"more than {Number(r.Cap.TotalSeconds, 0)} s";
            text.AppendLine($"- {Mark(r.FirstLogin, ReadyGoal)} {name}: serves logins within 10 s of starting: {Show(r.FirstLogin)}");
            text.AppendLine($"- {Mark(r.PolicyOk, ReadyGoal)} {name}: the policy answers OK for a login made 10 minutes before, within 10 s: {Show(r.PolicyOk)}");
            foreach (var q in r.Queries)
            {
                text.AppendLine($"- {Mark(q.Failure is null ? q.Took : null, QueryGoal)} {name}: `audit query {q.Arguments}` within 1 s, {q.While}: {(q.Failure ?? Show(q.Took))}");
            }
        }
        return text.ToString();
    }
}
