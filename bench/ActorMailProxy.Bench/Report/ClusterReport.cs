using System.Text;
using ActorMailProxy.Bench.Measurements;
using ActorMailProxy.Bench.Targets;
using static ActorMailProxy.Bench.Report.ResultTables;

namespace ActorMailProxy.Bench.Report;

/// <summary>The cluster run's report: when, where, how the nodes ran, the login latency table, what the cluster adds, and the failover trials.</summary>
public static class ClusterReport
{
    public static string Render(ClusterResults results, ClusterSettings settings, MachineInfo machine, DateTimeOffset started, TimeSpan took, string command, string load)
    {
        var text = new StringBuilder();
        text.AppendLine($"# ActorMailProxy cluster benchmark, {started:yyyy-MM-dd HH:mm} UTC").AppendLine();
        text.AppendLine($"- Machine: {machine.Cores} cores ({machine.Cpu}), {machine.Memory} RAM, Linux {machine.Kernel}; client, every node and Dovecot share it, over 127.0.0.1");
        text.AppendLine($"- Other work on the machine: load average (1, 5, 15 min) {load} when the bench started; other processes (not the bench, Dovecot or a target) used " +
            string.Join(", ", results.OtherWork.Select(w => $"{Number(w.Cores, 2)} of {machine.Cores} cores during {w.Phase}")));
        text.AppendLine($"- Versions: {string.Join(", ", machine.Versions.Where(v => v.Name is ".NET" or "Dovecot").Select(v => $"{v.Name} {v.Version}"))}");
        text.AppendLine($"- Command: `{command}` (took {took.TotalMinutes:0.0} min)");
        text.AppendLine($"- Nodes: {settings.Nodes} processes of `src/Gateway`'s Release build per cluster, each `--config hocon/cluster-node.conf --cluster_host 127.0.0.1 " +
            "--cluster_port P --cluster_seed <all nodes>` with the file unchanged (heartbeat pause 2 s, split brain resolver keep-majority after 2 s stable), " +
            "one IMAP4 listener each, `-M sqlite -m map.sqlite -U -f \"\" --authenticate_timeout 3600 -t 0`, and per cluster: " +
            string.Join("; ", results.ClusterOptions.Select(c => $"{c.Cluster} `{(c.Options.Length == 0 ? "(nothing more)" : c.Options)}`")));
        text.AppendLine($"- User map: SQLite, perdition's table layout, {results.MapRows:N0} rows such as `k00042 → login10@127.0.0.1`, port Dovecot's IMAP port " +
            "(keys `w…` for the warm-up, `k…` measured, `f…` and `h…` for the failover), " +
            "so many keys lead to Dovecot's 32 login users; with `-U` a key logs in as the row's user, with that user's password. TTL 60 s (the default)");
        text.AppendLine($"- 1 node, no map: the main run's ActorMailProxy target (`-M \"\" -s 127.0.0.1`), a single-node cluster");
        text.AppendLine($"- Warm-up before measuring, logins with {settings.WarmUpClients} clients, unmeasured: {string.Join("; ", results.WarmUps)}");
        text.AppendLine();
        text.AppendLine(LatencyTable(results.Latency, settings));
        text.AppendLine(Added(results.Latency));
        text.AppendLine(FailoverTable(results.Failovers, settings));
        return text.ToString();
    }

    private static LoginLatency? Of(IReadOnlyList<TargetResults> rows, string name) => rows.FirstOrDefault(r => r.Name == name)?.LoginLatency?.Value;

    private static string LatencyTable(IReadOnlyList<TargetResults> rows, ClusterSettings settings)
    {
        var direct = Of(rows, DirectTarget.Label)?.P50Us;
        var single = Of(rows, ClusterRun.SingleLabel)?.P50Us;
        // The same cache state without limits, for the limited cluster's columns.
        var unlimited = new Dictionary<string, string> { [ClusterRun.LimitsMissLabel] = ClusterRun.MissLabel, [ClusterRun.LimitsHitLabel] = ClusterRun.HitLabel };
        string Minus(LoginLatency r, double? baseline) => baseline is { } b ? Number(r.P50Us - b, 1) : "—";
        return new MarkdownTable("IMAP login latency",
            $"One client, one login at a time: connect → greeting → `a LOGIN` → tagged OK, µs; the `LOGOUT` → close that follows is not in it and has its own row. " +
            $"{settings.Logins:N0} logins per column, the columns taking turns in blocks of {settings.Turn}. Direct and 1 node log in as Dovecot's 32 login users in turn; " +
            "the cluster columns as map keys, round robin over the cluster's three listeners (on a miss the node asks the key's user-map entity, which lives on any node: about 2/3 of those asks are remote). " +
            "*Map miss*: every login a key not asked before (a new entity, an SQLite lookup); *map hit*: in the same turn the same keys again through the same node, answered from that node's own cache without leaving it. " +
            "*+ limits* is a second cluster with `-L 100000 --ip_connection_limit 100000 --user_connection_limit 1000`: every connection is counted against the node's own share " +
            "of `total` and `ip:127.0.0.1` before the greeting, and every login against its share of `user:loginNN` before its OK; no share is ever full, so these are local " +
            "counts, no remote ask (a node borrows from the others only when its share is full); its miss column first fills its own cache. " +
            "Target CPU is all the target's processes (utime+stime) over its logins, whole visits; one login at a time, it includes what an idle process spends " +
            "between logins (.NET's thread pool spinning before it sleeps, and in a cluster heartbeats and gossip), so it is not the main run's CPU per login under load.",
            rows)
            .Row("login p50 µs", t => t.LoginLatency, (r, _) => Number(r.P50Us, 0))
            .Row("login p99 µs", t => t.LoginLatency, (r, _) => Number(r.P99Us, 0))
            .Row("p50 − direct p50 µs", t => t.LoginLatency, (r, _) => Minus(r, direct))
            .Row("p50 − 1 node p50 µs", t => t.LoginLatency, (r, t) => t.Name == DirectTarget.Label ? "—" : Minus(r, single))
            .Row("limit checks: p50 − same map state without limits µs", t => t.LoginLatency,
                (r, t) => unlimited.TryGetValue(t.Name, out var without) ? Minus(r, Of(rows, without)?.P50Us) : "—")
            .Row("LOGOUT → close p50 µs", t => t.LoginLatency, (r, _) => Number(r.LogoutP50Us, 0))
            .Row("target CPU µs per login", t => t.LoginLatency, (r, _) => r.CpuUsPerLogin is { } us ? Number(us, 0) : "—")
            .Render();
    }

    private static string Added(IReadOnlyList<TargetResults> rows)
    {
        double? P50(string name) => Of(rows, name)?.P50Us;
        string Us(double? value) => value is { } v ? $"{Number(v, 0)} µs" : "not measured";
        var text = new StringBuilder("## What each part adds to a login (p50 differences)\n\n");
        text.AppendLine($"- The proxy itself, one node without a map (1 node − direct): {Us(P50(ClusterRun.SingleLabel) - P50(DirectTarget.Label))}");
        text.AppendLine($"- Sharded user map, cache miss (cluster map miss − 1 node): {Us(P50(ClusterRun.MissLabel) - P50(ClusterRun.SingleLabel))}");
        text.AppendLine($"- Sharded user map, cache hit (cluster map hit − 1 node): {Us(P50(ClusterRun.HitLabel) - P50(ClusterRun.SingleLabel))}");
        text.AppendLine($"- Limit checks, total + IP admission and the user check (local counts against the node's shares), map hit (cluster + limits map hit − cluster map hit): {Us(P50(ClusterRun.LimitsHitLabel) - P50(ClusterRun.HitLabel))}");
        text.AppendLine($"- The same with a map miss (cluster + limits map miss − cluster map miss): {Us(P50(ClusterRun.LimitsMissLabel) - P50(ClusterRun.MissLabel))}");
        return text.ToString();
    }

    private static string FailoverTable(IReadOnlyList<TargetResults> trials, ClusterSettings settings)
    {
        static string Seconds(double? s) => s is { } v ? $"{Number(v, 1)} s" : "not in the log";
        var table = new MarkdownTable("Failover after kill -9 of a node",
            $"A fresh {settings.Nodes}-node cluster per trial, `--ip_connection_limit {settings.FailoverLimit}`, debug logging. {settings.FailoverLimit} connections from 127.0.0.1 are held " +
            "(logged in, one per node: each node admits from its own share of `ip:127.0.0.1`, limit / members with the remainder to the oldest, so every share is full) " +
            "and one more must be refused (its node finds no member with a place to lend). Then one node is killed (SIGKILL): the oldest, which hosts both shard " +
            "coordinators and takes the shares' remainder, or a young one (the last started that is not the oldest); its held connection dies with it. Times are from the kill. " +
            $"(a): {settings.FailoverProbeKeys} keys, each logged in through every node before the kill (every node knows every key's shard, every answer is cached), " +
            "then each logged in again and again through the survivors from 127.0.0.2 (exempt, `--limit_exempt 127.0.0.2/32`, so not held up by the limit) " +
            "by two clients 0.5 s apart, each attempt given up after 1 s and made again, until one succeeds; the slowest key is the time. Each survivor answers from its own " +
            "cache, and a miss whose shard lived on the killed node waits at most `mailproxy.user-map.shard-timeout` (250 ms) before the node asks SQLite itself, so no key should wait. " +
            $"(b): {settings.AdmissionProbes} clients connect from 127.0.0.1 through the survivors, one attempt after another each, started {Number(Failover.AdmissionTimeout.TotalMilliseconds / settings.AdmissionProbes, 0)} ms apart " +
            $"(a node whose share is full and finds no loan within the {Number(Failover.AdmissionTimeout.TotalMilliseconds, 0)} ms admission timeout refuses, so some attempt is always young enough), " +
            "until one is greeted: the survivors cannot admit from the dead node's share until the cluster downs it; then its share goes to them " +
            "(limit / survivors each, the remainder to the oldest survivor), and the place its connection held is free. " +
            "Attempts under way then still finish. Then two more connections must be refused. " +
            "*Most admitted at once* is the client's count of greeted connections from 127.0.0.1 not yet closed, over the whole trial. " +
            "The *log* rows are the first line after the kill in the survivors' logs that marks each step.",
            trials)
            .Row("node killed", t => t.Failover, (f, _) => f.Victim + ": " + (f.VictimIsOldest
                ? "the oldest (both shard coordinators and the shares' remainder move)"
                : "a young one (the shard coordinators and the remainder stay)"))
            .Row("(a) every probe key logs in through a survivor again", t => t.Failover, (f, _) => Seconds(f.MapBackSeconds))
            .Row("(a) keys that had to wait (> 0.5 s)", t => t.Failover, (f, _) => $"{f.KeysThatWaited} of {f.Keys}")
            .Row("(b) a new connection from 127.0.0.1 admitted", t => t.Failover, (f, _) => Seconds(f.AdmittedAgainSeconds))
            .Row("(b) attempts refused before that", t => t.Failover, (f, _) => f.RefusedMeanwhile == 0 ? "0" : $"{f.RefusedMeanwhile}: {f.RefusalReasons}")
            // The dead node's connection freed one place; the survivors still hold the others.
            .Row("(b) probe clients admitted (one place was free)", t => t.Failover,
                (f, _) => f.AdmittedProbes <= 1 ? $"{f.AdmittedProbes} of {f.Probes}" : $"**{f.AdmittedProbes} of {f.Probes}**")
            .Row($"most connections from 127.0.0.1 admitted at once (limit {settings.FailoverLimit})", t => t.Failover,
                (f, _) => f.MostAdmittedAtOnce <= f.Limit ? $"{f.MostAdmittedAtOnce}" : $"**{f.MostAdmittedAtOnce}: over the limit**")
            .Row("one over the limit refused before the kill", t => t.Failover, (f, _) => f.RefusedBeforeKill ? "yes" : "**no**")
            .Row("over the limit refused after (b)", t => t.Failover, (f, _) => f.RefusedAfterRecovery == f.TriedAfterRecovery ? $"yes, {f.RefusedAfterRecovery} of {f.TriedAfterRecovery}" : $"**{f.RefusedAfterRecovery} of {f.TriedAfterRecovery}**");
        foreach (var step in trials.Select(t => t.Failover?.Value).OfType<Failover>().SelectMany(f => f.Timeline.Select(e => e.Event)).Distinct())
        {
            table.Row($"log: {step}", t => t.Failover, (f, _) => Seconds(f.Timeline.FirstOrDefault(e => e.Event == step).Seconds));
        }
        return table.Render();
    }
}
