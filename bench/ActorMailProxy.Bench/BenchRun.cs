using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Measurements;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Bench.Targets;

namespace ActorMailProxy.Bench;

/// <summary>
/// One run: a Dovecot, every target in front of it, then each measurement over all targets in turn, so slow drift
/// of the machine spreads over the targets instead of favouring whichever went first.
/// </summary>
public sealed class BenchRun(BenchSettings settings, string proxyAssembly, IReadOnlyList<string> only)
{
    // Lets the servers finish the last storm's closing work before the next measurement starts.
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<TargetResults>> RunAsync()
    {
        var openFiles = Posix.RaiseOpenFilesLimit();
        Console.WriteLine($"open-files limit {openFiles}");
        var workDir = Directory.CreateTempSubdirectory("amp-bench-").FullName;
        await using var backend = await BenchBackend.StartAsync();
        Console.WriteLine($"Dovecot up: POP3 {backend.Dovecot.Pop3Port}, IMAP {backend.Dovecot.ImapPort}; work directory {workDir}");
        var started = new List<(ITarget Target, TargetResults Results)>();
        var results = new List<TargetResults>();
        try
        {
            foreach (var (name, start) in Lineup(backend, workDir, openFiles).Where(l => only.Count == 0 || only.Contains(l.Name, StringComparer.OrdinalIgnoreCase)))
            {
                try
                {
                    var target = await start();
                    var result = new TargetResults(name, null);
                    started.Add((target, result));
                    results.Add(result);
                    Console.WriteLine($"{name}: ready");
                }
                catch (TargetUnavailableException e)
                {
                    results.Add(new TargetResults(name, e.Message));
                    Console.WriteLine($"{name}: skipped: {e.Message}");
                }
            }
            await MeasureAsync(backend, started);
            return results;
        }
        finally
        {
            foreach (var (target, _) in started)
            {
                await target.DisposeAsync();
            }
            Directory.Delete(workDir, recursive: true);
        }
    }

    private IEnumerable<(string Name, Func<Task<ITarget>> Start)> Lineup(BenchBackend backend, string workDir, ulong openFiles) =>
    [
        (DirectTarget.Label, () => Task.FromResult<ITarget>(new DirectTarget(backend))),
        (ActorMailProxyTarget.Label, () => ActorMailProxyTarget.StartAsync(backend, workDir, proxyAssembly)),
        (PerditionTarget.Label, () => PerditionTarget.StartAsync(backend, workDir)),
        (NginxTarget.Label, () => NginxTarget.StartAsync(backend, workDir, openFiles)),
    ];

    private async Task MeasureAsync(BenchBackend backend, IReadOnlyList<(ITarget Target, TargetResults Results)> targets)
    {
        foreach (var service in new[] { MailService.Pop3, MailService.Imap })
        {
            foreach (var clients in settings.LoginClients)
            {
                foreach (var (target, results) in targets)
                {
                    results.Logins[(service, clients)] = await Report($"{service} logins, {clients} clients", target, () => LoginRate.MeasureAsync(
                        service, target.Endpoint(service), backend.LoginUsers, clients, settings.LoginWarmUp, settings.LoginMeasured, TreeOf(target)));
                    await Task.Delay(Pause);
                }
            }
        }
        foreach (var service in new[] { MailService.Pop3, MailService.Imap })
        {
            foreach (var (target, results) in targets)
            {
                results.Transfers[service] = await Report($"{service} download", target, () => Transfer.MeasureAsync(
                    service, target.Endpoint(service), backend.Reader, settings.TransferWarmUps, settings.TransferRuns, TreeOf(target)));
            }
        }
        var noops = await NoopLatency.MeasureAsync(
            [.. targets.Select(t => (t.Target.Endpoint(MailService.Imap), TreeOf(t.Target)))], backend.Idler, settings.NoopWarmUps, settings.Noops);
        foreach (var ((target, results), noop) in targets.Zip(noops))
        {
            results.Noop = noop;
            Console.WriteLine($"NOOP, {target.Name}: {(object?)noop.Value ?? noop.Failure}");
        }
        foreach (var (target, results) in targets)
        {
            if (TreeOf(target) is { } tree)
            {
                results.Memory = await Report("idle memory", target, () => IdleMemory.MeasureAsync(target.Endpoint(MailService.Imap), backend.Idler, settings.IdleConnections, tree, target.SettleMemoryAsync));
            }
        }
    }

    private static ProcessTree? TreeOf(ITarget target) => target.ProcessIds.Count > 0 ? new ProcessTree(target.ProcessIds) : null;

    private static async Task<Outcome<T>> Report<T>(string measurement, ITarget target, Func<Task<T>> measure) where T : class
    {
        var outcome = await Outcome<T>.RunAsync(measure);
        Console.WriteLine($"{measurement}, {target.Name}: {(object?)outcome.Value ?? outcome.Failure}");
        return outcome;
    }
}
