using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Measurements;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Bench.Targets;

namespace ActorMailProxy.Bench;

/// <summary>
/// One run: a Dovecot, then per transport (plaintext, then TLS) every target of that transport in front of it and each
/// measurement over all those targets in turn, so slow drift of the machine spreads over the targets instead of
/// favouring whichever went first. A transport's targets are stopped before the next transport's start.
/// </summary>
public sealed class BenchRun(BenchSettings settings, string proxyAssembly, IReadOnlyList<string> only, BenchDiagnostics diagnostics)
{
    private const int WarmUpClients = 16;
    private static readonly MailService[] Services = [MailService.Pop3, MailService.Imap];
    private static readonly Transport[] Transports = [Transport.Plaintext, Transport.Tls];

    // Lets the servers finish the last storm's closing work before the next measurement starts.
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HandshakeLimit = TimeSpan.FromSeconds(10);

    public async Task<IReadOnlyList<SuiteResults>> RunAsync()
    {
        var openFiles = Posix.RaiseOpenFilesLimit();
        Console.WriteLine($"open-files limit {openFiles}");
        var workDir = Directory.CreateTempSubdirectory("amp-bench-").FullName;
        await using var backend = await BenchBackend.StartAsync();
        Console.WriteLine($"Dovecot up: POP3 {backend.Dovecot.Pop3Port}, IMAP {backend.Dovecot.ImapPort}, " +
            $"POP3S {backend.Dovecot.Pop3sPort}, IMAPS {backend.Dovecot.ImapsPort}; work directory {workDir}");
        try
        {
            var suites = new List<SuiteResults>();
            foreach (var transport in Transports)
            {
                suites.Add(await RunSuiteAsync(backend, transport, workDir, openFiles));
            }
            return suites;
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    private async Task<SuiteResults> RunSuiteAsync(BenchBackend backend, Transport transport, string workDir, ulong openFiles)
    {
        var lineup = Lineup(backend, transport, workDir, openFiles).ToList();
        var started = new List<(ITarget Target, TargetResults Results)>();
        var results = new List<TargetResults>();
        try
        {
            foreach (var (name, start) in lineup.Where(l => only.Count == 0 || only.Contains(l.Name, StringComparer.OrdinalIgnoreCase)))
            {
                try
                {
                    var target = await start();
                    var result = new TargetResults(name, null) { Negotiated = transport == Transport.Tls ? await NegotiatedAsync(target) : null };
                    started.Add((target, result));
                    results.Add(result);
                    Console.WriteLine($"{name}: ready{(result.Negotiated is { } tls ? $", {tls}" : "")}{(target is ActorMailProxyTarget proxy ? $", cluster_seed {proxy.ClusterSeed}, pid {proxy.ProcessId}" : "")}");
                }
                catch (TargetUnavailableException e)
                {
                    results.Add(new TargetResults(name, e.Message));
                    Console.WriteLine($"{name}: skipped: {e.Message}");
                }
            }
            await MeasureAsync(backend, transport, started);
            return new SuiteResults(transport, lineup[0].Name, results);
        }
        finally
        {
            foreach (var (target, _) in started)
            {
                await target.DisposeAsync();
            }
        }
    }

    private IEnumerable<(string Name, Func<Task<ITarget>> Start)> Lineup(BenchBackend backend, Transport transport, string workDir, ulong openFiles) =>
        transport == Transport.Tls
            ?
            [
                (DirectTarget.TlsLabel, () => Task.FromResult<ITarget>(new DirectTarget(backend, Transport.Tls))),
                (ActorMailProxyTarget.SslAllLabel, () => ActorMailProxyTarget.StartAsync(backend, workDir, proxyAssembly, ProxyTlsMode.SslAll, diagnostics.ProxyConfig, !diagnostics.NoBacklogWait)),
                (ActorMailProxyTarget.SslListenLabel, () => ActorMailProxyTarget.StartAsync(backend, workDir, proxyAssembly, ProxyTlsMode.SslListen, diagnostics.ProxyConfig, !diagnostics.NoBacklogWait)),
                (NginxTarget.TlsLabel, () => NginxTarget.StartAsync(backend, workDir, openFiles, Transport.Tls)),
            ]
            :
            [
                (DirectTarget.Label, () => Task.FromResult<ITarget>(new DirectTarget(backend, Transport.Plaintext))),
                (ActorMailProxyTarget.Label, () => ActorMailProxyTarget.StartAsync(backend, workDir, proxyAssembly, ProxyTlsMode.None, diagnostics.ProxyConfig, !diagnostics.NoBacklogWait)),
                (PerditionTarget.Label, () => PerditionTarget.StartAsync(backend, workDir)),
                (NginxTarget.Label, () => NginxTarget.StartAsync(backend, workDir, openFiles, Transport.Plaintext)),
            ];

    /// <summary>What one handshake with the target agreed on, for the report; the measurements then make thousands more.</summary>
    private static async Task<string> NegotiatedAsync(ITarget target)
    {
        using var timeout = new CancellationTokenSource(HandshakeLimit);
        try
        {
            using var socket = await LineSocket.ConnectAsync(target.Endpoint(MailService.Imap), 1024, timeout.Token);
            return socket.Negotiated ?? "no TLS";
        }
        catch (Exception e)
        {
            // The measurements will fail on their own and say so; the report just lacks this detail.
            return $"unknown ({e.GetType().Name}: {e.Message})";
        }
    }

    private async Task MeasureAsync(BenchBackend backend, Transport transport, IReadOnlyList<(ITarget Target, TargetResults Results)> targets)
    {
        if (settings.WarmUp)
        {
            await WarmUpAsync(backend, targets);
        }
        if (settings.Measures(Measurement.Logins))
        {
            foreach (var service in Services)
            {
                foreach (var clients in settings.LoginClients)
                {
                    await MeasureLoginsAsync(backend, targets, service, clients, settings.LoginTurnsOf(transport));
                }
            }
        }
        if (settings.Measures(Measurement.Download))
        {
            foreach (var service in Services)
            {
                var transfers = await Transfer.MeasureAsync(service, Sessions(targets, service), backend.Reader, settings.TransferWarmUps, settings.TransferRuns);
                foreach (var ((target, results), transfer) in targets.Zip(transfers))
                {
                    results.Transfers[service] = Report($"{service} download", target, transfer);
                }
            }
        }
        if (settings.Measures(Measurement.Noop))
        {
            var noops = await NoopLatency.MeasureAsync(Sessions(targets, MailService.Imap), backend.Idler, settings.NoopWarmUps, settings.Noops);
            foreach (var ((target, results), noop) in targets.Zip(noops))
            {
                results.Noop = Report("NOOP", target, noop);
            }
        }
        if (settings.Measures(Measurement.Memory))
        {
            foreach (var (target, results) in targets)
            {
                if (TreeOf(target) is { } tree)
                {
                    results.Memory = Report("idle memory", target, await Outcome<IdleMemory>.RunAsync(() =>
                        IdleMemory.MeasureAsync(target.Endpoint(MailService.Imap), backend.Idler, settings.IdleConnections, tree, target.SettleMemoryAsync,
                            LookInto(target))));
                }
            }
        }
    }

    /// <summary>
    /// With <c>--gcdump DIR</c>, at each idle-memory reading of an ActorMailProxy target: its audit backlog as
    /// <c>cluster status</c> shows it, and a heap snapshot (DIR/TARGET-roundN-before|after.gcdump) to compare with
    /// <c>dotnet-gcdump report</c>; after each round, what its live objects grew by per connection, which unlike RSS does
    /// not depend on how much freed memory the GC kept. Taken after the reading, so that neither moves it.
    /// </summary>
    private Func<string, Task>? LookInto(ITarget target)
    {
        if (diagnostics.GcDumps is not { } dir || target is not ActorMailProxyTarget proxy)
        {
            return null;
        }
        Directory.CreateDirectory(dir);
        var live = new Dictionary<string, long>();
        return async reading =>
        {
            var waiting = await proxy.AuditWaitingAsync();
            var file = Path.Combine(dir, $"{target.Name.Replace(' ', '-')}-{reading}.gcdump");
            var (bytes, note) = await proxy.GcDumpAsync(file);
            Console.WriteLine($"  {reading}, {target.Name}: audit events waiting {waiting?.ToString() ?? "unknown"}; {note}" +
                (bytes is { } b ? $", live objects {b:N0} bytes" : ""));
            if (bytes is { } now)
            {
                live[reading] = now;
                if (reading.EndsWith("-after", StringComparison.Ordinal) && live.TryGetValue(reading.Replace("-after", "-before"), out var before))
                {
                    Console.WriteLine($"  {reading[..^"-after".Length]}, {target.Name}: live .NET objects grew by " +
                        $"{(now - before) / 1024.0 / settings.IdleConnections:0.0} KiB per connection");
                }
            }
        };
    }

    private async Task WarmUpAsync(BenchBackend backend, IEnumerable<(ITarget Target, TargetResults Results)> targets)
    {
        foreach (var (target, _) in targets)
        {
            foreach (var service in Services)
            {
                var warm = await Outcome<LoginRate>.RunAsync(() => LoginRate.MeasureAsync(
                    service, target.Endpoint(service), backend.LoginUsers, WarmUpClients, TimeSpan.Zero, target.JitCompiled ? settings.TargetWarmUp : settings.NativeTargetWarmUp, null));
                Console.WriteLine($"{service} warm-up, {target.Name}: {(warm.Value is { } w ? $"{w.PerSecond:0} logins/s" : warm.Failure)}");
            }
        }
    }

    /// <summary>Turns over all targets, so that a slow phase of the machine does not land on one target's whole measurement.</summary>
    private async Task MeasureLoginsAsync(BenchBackend backend, IReadOnlyList<(ITarget Target, TargetResults Results)> targets, MailService service, int clients, int turns)
    {
        for (var turn = 0; turn < turns; turn++)
        {
            foreach (var (target, results) in targets)
            {
                var outcome = await Outcome<LoginRate>.RunAsync(() => LoginRate.MeasureAsync(
                    service, target.Endpoint(service), backend.LoginUsers, clients, settings.LoginWarmUp, settings.LoginMeasured, TreeOf(target)));
                var key = (service, clients);
                results.Logins[key] = results.Logins.TryGetValue(key, out var earlier) ? Sum(earlier, outcome) : outcome;
                Report($"{service} logins, {clients} clients, turn {turn + 1}", target, outcome);
                await Task.Delay(Pause);
            }
        }
    }

    private static Outcome<LoginRate> Sum(Outcome<LoginRate> a, Outcome<LoginRate> b) =>
        a.Value is { } x && b.Value is { } y ? Outcome<LoginRate>.Of(x.Add(y)) : a.Failure is not null ? a : b;

    private static IReadOnlyList<(MailEndpoint, ProcessTree?)> Sessions(IEnumerable<(ITarget Target, TargetResults Results)> targets, MailService service) =>
        [.. targets.Select(t => (t.Target.Endpoint(service), TreeOf(t.Target)))];

    private static ProcessTree? TreeOf(ITarget target) => target.ProcessIds.Count > 0 ? new ProcessTree(target.ProcessIds) : null;

    private static Outcome<T> Report<T>(string measurement, ITarget target, Outcome<T> outcome) where T : class
    {
        Console.WriteLine($"{measurement}, {target.Name}: {(object?)outcome.Value ?? outcome.Failure}");
        return outcome;
    }
}
