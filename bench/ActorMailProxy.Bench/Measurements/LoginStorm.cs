using System.Diagnostics;

namespace ActorMailProxy.Bench.Measurements;

/// <summary>The storm's counts at one moment: seconds since it began, logins completed and failed so far.</summary>
public readonly record struct StormTick(double Seconds, long Ok, long Failed);

/// <summary>
/// A login storm: every client repeats its whole visit (connect, greeting, login, logout, close) without a pause, for a
/// fixed time. Unlike <see cref="LoginRate"/>, which counts a turn of seconds, it runs for minutes and keeps its counts
/// second by second, so the report can show the rate minute by minute; <c>Ticks</c> holds them.
/// </summary>
/// <remarks>
/// When the time is up no visit is cut short: each client finishes the one it is in, so that every session the storm
/// began is complete (connected, logged in, closed) and counted in <see cref="Ok"/> or <see cref="Failed"/>; the rate
/// counts only the logins within the time.
/// </remarks>
public sealed record LoginStorm(int Clients, long Ok, long Failed, string? FirstError, double Seconds, double? CpuSeconds, IReadOnlyList<StormTick> Ticks)
{
    private static readonly TimeSpan CycleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Logins per second within the time.</summary>
    public double PerSecond => Ticks[^1].Ok / Seconds;

    public double? CpuMsPerLogin => Ticks[^1].Ok > 0 ? CpuSeconds * 1000 / Ticks[^1].Ok : null;

    /// <summary>Logins per whole minute (the last, partial one left out unless it is the only one): ok, failed.</summary>
    public IReadOnlyList<(int Minute, long Ok, long Failed)> PerMinute()
    {
        var minutes = new List<(int, long, long)>();
        StormTick previous = new(0, 0, 0);
        for (var minute = 1; ; minute++)
        {
            var end = Ticks.LastOrDefault(t => t.Seconds <= minute * 60 + 0.5);
            if (end.Seconds < minute * 60 - 1.5)
            {
                break;
            }
            minutes.Add((minute, end.Ok - previous.Ok, end.Failed - previous.Failed));
            previous = end;
        }
        return minutes;
    }

    /// <summary>
    /// Runs <paramref name="cycles"/> (one per client) for <paramref name="length"/>; <paramref name="progress"/> reads the
    /// counts so far while it runs (the audit backlog sampler). CPU is <paramref name="target"/>'s over the storm.
    /// </summary>
    public static async Task<LoginStorm> RunAsync(IReadOnlyList<Func<CancellationToken, Task>> cycles, TimeSpan length,
        Processes.ProcessTree? target, Action<Func<StormTick>>? progress = null)
    {
        var tally = new Tally();
        var ticks = new List<StormTick>();
        var cpuBefore = target?.CpuSeconds();
        var started = Stopwatch.GetTimestamp();
        StormTick Now() => new(Stopwatch.GetElapsedTime(started).TotalSeconds, tally.Ok, tally.Failed);
        progress?.Invoke(Now);
        using var stop = new CancellationTokenSource();
        var loops = cycles.Select(cycle => Task.Run(() => LoopAsync(cycle, tally, stop.Token))).ToList();
        using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1)))
        {
            while (Stopwatch.GetElapsedTime(started) < length && await timer.WaitForNextTickAsync())
            {
                ticks.Add(Now());
            }
        }
        var last = Now();
        ticks.Add(last);
        var cpu = target?.CpuSeconds() - cpuBefore;
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        return new LoginStorm(cycles.Count, tally.Ok, tally.Failed, tally.FirstError, last.Seconds, cpu, ticks);
    }

    /// <summary>Visits until <paramref name="stop"/>, which is looked at only between visits.</summary>
    private static async Task LoopAsync(Func<CancellationToken, Task> cycle, Tally tally, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var timeout = new CancellationTokenSource(CycleTimeout);
            try
            {
                await cycle(timeout.Token);
                tally.Succeeded();
            }
            catch (Exception e)
            {
                tally.Error(e);
                // A target that refuses everything must not turn the client into a busy loop on two shared cores.
                await Task.Delay(10, CancellationToken.None);
            }
        }
    }

    private sealed class Tally
    {
        private long _ok;
        private long _failed;

        public long Ok => Interlocked.Read(ref _ok);

        public long Failed => Interlocked.Read(ref _failed);

        public string? FirstError { get; private set; }

        public void Succeeded() => Interlocked.Increment(ref _ok);

        public void Error(Exception e)
        {
            if (Interlocked.Increment(ref _failed) == 1)
            {
                FirstError = $"{e.GetType().Name}: {e.Message}";
            }
        }
    }
}
