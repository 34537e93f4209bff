using System.Diagnostics;
using System.Globalization;
using System.Net;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Bench.Targets;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Audit;

/// <summary>One <c>audit query</c> run against the built journal: its wall time (null past the cap) and the events it printed.</summary>
public sealed record QueryFigure(string Arguments, TimeSpan? Took, int Events, string? Failure)
{
    /// <summary>"node running" or "node stopped".</summary>
    public string While { get; init; } = "";
}

/// <summary>
/// What a node started on a large journal did, each time from the process's start: null where it did not happen
/// within <paramref name="Cap"/>. CPU and peak RSS (VmHWM) are the node's over its first <paramref name="Window"/>.
/// </summary>
public sealed record RestartFigures(
    TimeSpan Cap,
    TimeSpan Window,
    TimeSpan KnownLoginAge,
    TimeSpan? Greeting,
    TimeSpan? FirstLogin,
    TimeSpan? PolicyOk,
    IReadOnlyList<string> PolicyBefore,
    double? CpuSeconds,
    long? PeakRssKiB,
    string? Exited,
    IReadOnlyList<QueryFigure> Queries);

/// <summary>
/// Starts the Release build on a built journal, as an operator restarts a node: one POP3 listener in front of Dovecot,
/// the POP-before-SMTP policy service on, a spool of its own. Meanwhile: when its listener first greets; when a first
/// POP3 login through it succeeds; when its policy service first answers OK for the address that logged in ten minutes
/// before the build ended (asked every 250 ms: until the node has read that login back it answers DUNNO). After its
/// first minute, <c>actormailproxy audit query</c> by that user, that address and for the last hour, with the node still
/// running, and again once it is killed (however far it got): what a query costs alongside a node, and by itself.
/// Every wait is capped.
/// </summary>
public static class NodeRestart
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(5);

    public static async Task<RestartFigures> MeasureAsync(JournalSpec journal, KnownLogin known, BenchBackend backend, string assembly, string workDir,
        TimeSpan cap, TimeSpan window)
    {
        var ports = LoopbackPorts.Take(3);
        var pop3 = new MailEndpoint(new IPEndPoint(IPAddress.Loopback, ports[0]), null);
        var policy = new IPEndPoint(IPAddress.Loopback, ports[1]);
        var kind = journal.Kind().ToLowerInvariant();
        var age = DateTimeOffset.UtcNow - known.Time;
        var clock = Stopwatch.StartNew();
        await using var node = ChildProcess.Start("dotnet",
        [
            assembly, "-P", "POP3", "-l", ports[0].ToString(CultureInfo.InvariantCulture), "-b", DovecotInstance.LoopbackHost,
            "-M", "", "-s", DovecotInstance.LoopbackHost, "-p", backend.Port(MailService.Pop3).ToString(CultureInfo.InvariantCulture),
            "-f", "", "--authenticate_timeout", "3600", "-t", "0",
            "--journal", journal.Option(), "--pop_before_smtp_policy", $"{DovecotInstance.LoopbackHost}:{ports[1]}",
            "--audit_spool", Path.Combine(workDir, $"restart-spool-{kind}"),
            "--cluster_host", DovecotInstance.LoopbackHost, "--cluster_port", ports[2].ToString(CultureInfo.InvariantCulture),
            "-F", Path.Combine(workDir, $"restart-{kind}.log"),
        ]);
        using var stop = new CancellationTokenSource(cap);
        var greeting = UntilAsync(clock, () => GreetsAsync(pop3), node, stop.Token);
        var login = UntilAsync(clock, () => LogsInAsync(pop3, backend.LoginUsers[0]), node, stop.Token);
        var before = new List<string>();
        var policyOk = UntilAsync(clock, async () =>
        {
            var action = await PolicyProbe.AskAsync(policy, known.Address, Attempt);
            if (action is not null and not "OK" && !before.Contains(action))
            {
                before.Add(action);
            }
            return action == "OK";
        }, node, stop.Token);
        var (cpu, peak) = await FirstWindowAsync(node, clock, window);
        var figures = new RestartFigures(cap, window, age, await greeting, await login, await policyOk, before, cpu, peak,
            node.HasExited ? $"the node exited:\n{node.OutputTail}" : null, []);
        Console.WriteLine($"{journal.Kind()} restart: greeting {Show(figures.Greeting)}, first login {Show(figures.FirstLogin)}, policy OK {Show(figures.PolicyOk)}" +
            $" (before: {string.Join(", ", before)}), first {window.TotalSeconds:0} s: {cpu:0.0} CPU s, peak RSS {peak / 1024:N0} MiB");
        var queries = await QueriesAsync("node running");
        await node.DisposeAsync();
        // Again with the node gone: what a query costs by itself, without a node reading (and, on SQLite, locking) the same journal.
        queries.AddRange(await QueriesAsync("node stopped"));
        return figures with { Queries = queries };

        async Task<List<QueryFigure>> QueriesAsync(string phase)
        {
            var queries = new List<QueryFigure>();
            foreach (var arguments in new[] { new[] { "--user", known.User }, ["--ip", known.Address], ["--since", "1h"] })
            {
                var query = await QueryAsync(assembly, journal, arguments, cap) with { While = phase };
                Console.WriteLine($"{journal.Kind()} audit query {query.Arguments}, {phase}: {Show(query.Took)}, {query.Events:N0} events{(query.Failure is null ? "" : $" ({query.Failure})")}");
                queries.Add(query);
            }
            return queries;
        }

        string Show(TimeSpan? t) => t is { } v ? $"{v.TotalSeconds:0.0} s" : $"> {cap.TotalSeconds:0} s";
    }

    /// <summary>Polls <paramref name="done"/> until it holds (the time since the start) or the cap (null); stops early if the node exits.</summary>
    private static async Task<TimeSpan?> UntilAsync(Stopwatch clock, Func<Task<bool>> done, ChildProcess node, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && !node.HasExited)
        {
            if (await done())
            {
                return clock.Elapsed;
            }
            try
            {
                await Task.Delay(Poll, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return null;
    }

    /// <summary>The node's CPU seconds and its peak resident memory (the kernel's high-water mark) at the end of its first <paramref name="window"/>.</summary>
    private static async Task<(double? Cpu, long? PeakKiB)> FirstWindowAsync(ChildProcess node, Stopwatch clock, TimeSpan window)
    {
        var rest = window - clock.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest);
        }
        if (node.HasExited)
        {
            return (null, null);
        }
        var cpu = new ProcessTree([node.Id]).CpuSeconds();
        var line = File.ReadLines($"/proc/{node.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return (cpu, line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }

    private static async Task<bool> GreetsAsync(MailEndpoint endpoint)
    {
        using var timeout = new CancellationTokenSource(Attempt);
        try
        {
            using var socket = await LineSocket.ConnectAsync(endpoint, 1024, timeout.Token);
            return (await socket.ReadLineAsync(timeout.Token)).Span.StartsWith("+OK"u8);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or OperationCanceledException or UnexpectedReplyException)
        {
            return false;
        }
    }

    private static async Task<bool> LogsInAsync(MailEndpoint endpoint, MailUser user)
    {
        using var timeout = new CancellationTokenSource(Attempt);
        try
        {
            await LoginCycle.For(MailService.Pop3, endpoint, user)(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or OperationCanceledException or UnexpectedReplyException)
        {
            return false;
        }
    }

    /// <summary>The operator's command, run to its end or killed at the cap; its events are the printed lines that start with a time.</summary>
    private static async Task<QueryFigure> QueryAsync(string assembly, JournalSpec journal, string[] arguments, TimeSpan cap)
    {
        var clock = Stopwatch.StartNew();
        var (exitCode, output) = await ToolRun.RunAsync("dotnet", [assembly, "audit", "query", .. arguments, "--journal", journal.Option()], cap);
        var took = clock.Elapsed;
        var text = string.Join(' ', arguments);
        if (exitCode == -1 && took >= cap)
        {
            return new QueryFigure(text, null, 0, null);
        }
        var events = output.Split('\n').Count(l => l.Length > 4 && char.IsAsciiDigit(l[0]) && l[4] == '-');
        // The output names the journal (never its password): left out, as the report says which journal it is.
        var failure = journal.Redact(output.Trim().Split('\n')[^1]).Replace($" {journal.Describe()}:", ":", StringComparison.Ordinal);
        return new QueryFigure(text, took, events, exitCode == 0 ? null : $"exit {exitCode} after {took.TotalSeconds:0.0} s: {failure}");
    }
}
