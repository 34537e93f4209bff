using System.Diagnostics;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Measurements;

/// <summary>
/// Complete logins per second with <see cref="Clients"/> clients in a loop, and what each costs the target in CPU;
/// from the raw counts, so that several turns of one measurement add up.
/// </summary>
public sealed record LoginRate(int Clients, long Logins, double Seconds, long Errors, string? FirstError, double? CpuSeconds)
{
    private static readonly TimeSpan CycleTimeout = TimeSpan.FromSeconds(10);

    public double PerSecond => Logins / Seconds;

    public double? CpuMsPerLogin => Logins > 0 ? CpuSeconds * 1000 / Logins : null;

    public LoginRate Add(LoginRate other) =>
        new(Clients, Logins + other.Logins, Seconds + other.Seconds, Errors + other.Errors, FirstError ?? other.FirstError, CpuSeconds + other.CpuSeconds);

    /// <summary>
    /// Each client repeats <see cref="LoginCycle"/> with its own user. Logins are counted over <paramref name="measured"/>
    /// after <paramref name="warmUp"/>; errors over both, as any error means the target is not keeping up correctly.
    /// </summary>
    public static Task<LoginRate> MeasureAsync(
        MailService service, MailEndpoint endpoint, IReadOnlyList<MailUser> users, int clients, TimeSpan warmUp, TimeSpan measured, ProcessTree? target) =>
        RunAsync(i => LoginCycle.For(service, endpoint, users[i % users.Count]), clients, warmUp, measured, target);

    /// <summary>
    /// The same, but the clients share one rotation of <paramref name="visits"/>: each loop takes the next visit, so a few
    /// clients reach many users (or map keys) and several endpoints (a cluster's nodes) in turn.
    /// </summary>
    public static Task<LoginRate> MeasureAsync(IReadOnlyList<Func<CancellationToken, Task>> visits, int clients, TimeSpan warmUp, TimeSpan measured, ProcessTree? target)
    {
        var rotation = new Rotation(visits);
        return RunAsync(_ => rotation.NextAsync, clients, warmUp, measured, target);
    }

    private static async Task<LoginRate> RunAsync(
        Func<int, Func<CancellationToken, Task>> cycleOfClient, int clients, TimeSpan warmUp, TimeSpan measured, ProcessTree? target)
    {
        var tally = new Tally();
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, clients)
            .Select(i => Task.Run(() => LoopAsync(cycleOfClient(i), tally, stop.Token)))
            .ToList();
        await Task.Delay(warmUp);
        var loginsBefore = tally.Logins;
        var cpuBefore = target?.CpuSeconds();
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(measured);
        var logins = tally.Logins - loginsBefore;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = target?.CpuSeconds() - cpuBefore;
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        return new LoginRate(clients, logins, elapsed.TotalSeconds, tally.Errors, tally.FirstError, cpu);
    }

    private static async Task LoopAsync(Func<CancellationToken, Task> cycle, Tally tally, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(CycleTimeout);
            try
            {
                await cycle(timeout.Token);
                tally.Login();
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                tally.Error(e);
                // A target that refuses everything must not turn the client into a busy loop on two shared cores.
                await Task.Delay(10, CancellationToken.None);
            }
        }
    }

    private sealed class Rotation(IReadOnlyList<Func<CancellationToken, Task>> visits)
    {
        private long _next = -1;

        public Task NextAsync(CancellationToken ct) => visits[(int)(Interlocked.Increment(ref _next) % visits.Count)](ct);
    }

    private sealed class Tally
    {
        private long _logins;
        private long _errors;

        public long Logins => Interlocked.Read(ref _logins);

        public long Errors => Interlocked.Read(ref _errors);

        public string? FirstError { get; private set; }

        public void Login() => Interlocked.Increment(ref _logins);

        public void Error(Exception e)
        {
            if (Interlocked.Increment(ref _errors) == 1)
            {
                FirstError = $"{e.GetType().Name}: {e.Message}";
            }
        }
    }
}
