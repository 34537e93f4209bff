using System.Diagnostics;
using System.Net;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Integration;

namespace ActorMailProxy.Bench.Measurements;

/// <summary>
/// Round trip of one IMAP NOOP on a logged-in connection, one at a time: what a proxy adds to every command,
/// and the target's CPU per round trip.
/// </summary>
public sealed record NoopLatency(double P50Us, double P99Us, int Count, double? CpuUsPerNoop)
{
    private const int Block = 500;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly ImapDialogue.Command Noop = ImapDialogue.Command.Of("n", "NOOP");

    /// <summary>
    /// One connection per endpoint, all open at once, measured in turns of <see cref="Block"/> NOOPs: on two shared cores
    /// the round trip drifts by tens of µs over seconds, and turns spread that drift evenly instead of onto one target.
    /// </summary>
    public static async Task<IReadOnlyList<Outcome<NoopLatency>>> MeasureAsync(
        IReadOnlyList<(IPEndPoint Endpoint, ProcessTree? Target)> targets, MailUser user, int warmUps, int count)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var probes = targets.Select(t => new Probe(t.Endpoint, t.Target, count)).ToList();
        try
        {
            foreach (var probe in probes)
            {
                await probe.RunAsync(p => p.OpenAsync(user, warmUps, timeout.Token));
            }
            for (var done = 0; done < count; done += Block)
            {
                foreach (var probe in probes)
                {
                    await probe.RunAsync(p => p.MeasureAsync(Math.Min(Block, count - done), timeout.Token));
                }
            }
            return [.. probes.Select(p => p.Result())];
        }
        finally
        {
            foreach (var probe in probes)
            {
                probe.Dispose();
            }
        }
    }

    private sealed class Probe(IPEndPoint endpoint, ProcessTree? target, int count) : IDisposable
    {
        private readonly long[] _ticks = new long[count];
        private LineSocket? _socket;
        private int _measured;
        private double _cpuSeconds;
        private string? _failure;

        /// <summary>Runs one step unless an earlier one failed; a failure ends this probe only.</summary>
        public async Task RunAsync(Func<Probe, Task> step)
        {
            if (_failure is not null)
            {
                return;
            }
            try
            {
                await step(this);
            }
            catch (Exception e)
            {
                _failure = $"{e.GetType().Name}: {e.Message}";
            }
        }

        public async Task OpenAsync(MailUser user, int warmUps, CancellationToken ct)
        {
            _socket = await LineSocket.ConnectAsync(endpoint, 4096, ct);
            await ImapDialogue.LogInAsync(_socket, ImapDialogue.Command.LogIn(user), ct);
            for (var i = 0; i < warmUps; i++)
            {
                await ImapDialogue.RunAsync(_socket, Noop, ct);
            }
        }

        public async Task MeasureAsync(int noops, CancellationToken ct)
        {
            var cpuBefore = target?.CpuSeconds() ?? 0;
            for (var i = 0; i < noops; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await ImapDialogue.RunAsync(_socket!, Noop, ct);
                _ticks[_measured++] = Stopwatch.GetTimestamp() - started;
            }
            _cpuSeconds += (target?.CpuSeconds() ?? 0) - cpuBefore;
        }

        public Outcome<NoopLatency> Result()
        {
            if (_failure is not null)
            {
                return Outcome<NoopLatency>.Failed(_failure);
            }
            Array.Sort(_ticks);
            var cpu = target is null ? (double?)null : _cpuSeconds * 1e6 / count;
            return Outcome<NoopLatency>.Of(new NoopLatency(Microseconds(_ticks[count / 2]), Microseconds(_ticks[count * 99 / 100]), count, cpu));
        }

        public void Dispose() => _socket?.Dispose();
    }

    private static double Microseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
}
