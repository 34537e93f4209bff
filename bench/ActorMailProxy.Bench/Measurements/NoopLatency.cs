using System.Diagnostics;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Measurements;

/// <summary>
/// Round trip of one IMAP NOOP on a logged-in connection, one at a time: what a proxy adds to every command,
/// and the target's CPU per round trip.
/// </summary>
public sealed record NoopLatency(double P50Us, double P99Us, int Count, double? CpuUsPerNoop)
{
    private const int Turn = 500;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly ImapDialogue.Command Noop = ImapDialogue.Command.Of("n", "NOOP");

    /// <summary>One connection per target, all open at once, measured <see cref="InTurns"/> of <see cref="Turn"/> NOOPs.</summary>
    public static async Task<IReadOnlyList<Outcome<NoopLatency>>> MeasureAsync(
        IReadOnlyList<(MailEndpoint Endpoint, ProcessTree? Target)> targets, MailUser user, int warmUps, int count)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var ct = timeout.Token;
        return await InTurns.RunAsync(
            [.. targets.Select(t => new Session(t.Endpoint, t.Target, count))],
            s => s.OpenAsync(user, warmUps, ct),
            (count + Turn - 1) / Turn,
            s => s.MeasureAsync(Turn, ct),
            s => s.Result());
    }

    private sealed class Session(MailEndpoint endpoint, ProcessTree? target, int count) : IDisposable
    {
        private readonly long[] _ticks = new long[count];
        private LineSocket? _socket;
        private int _measured;
        private double _cpuSeconds;

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
            for (var i = 0; i < noops && _measured < count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await ImapDialogue.RunAsync(_socket!, Noop, ct);
                _ticks[_measured++] = Stopwatch.GetTimestamp() - started;
            }
            _cpuSeconds += (target?.CpuSeconds() ?? 0) - cpuBefore;
        }

        public NoopLatency Result()
        {
            Array.Sort(_ticks);
            var cpu = target is null ? (double?)null : _cpuSeconds * 1e6 / count;
            return new NoopLatency(Microseconds(_ticks[count / 2]), Microseconds(_ticks[count * 99 / 100]), count, cpu);
        }

        public void Dispose() => _socket?.Dispose();
    }

    private static double Microseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
}
