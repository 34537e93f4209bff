using System.Diagnostics;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Measurements;

/// <summary>
/// Download speed of the 10 MiB message on one logged-in connection (POP3 RETR or IMAP FETCH BODY.PEEK[]), in MB/s
/// of 10^6 bytes on the wire, and the target's CPU seconds per GiB moved.
/// </summary>
public sealed record Transfer(double MedianMBps, double MinMBps, double MaxMBps, int Runs, double? CpuSecondsPerGiB)
{
    private const int BufferSize = 256 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly ImapDialogue.Command Examine = ImapDialogue.Command.Of("e", "EXAMINE INBOX");
    private static readonly ImapDialogue.Command Fetch = ImapDialogue.Command.Of("f", "FETCH 1 BODY.PEEK[]");

    /// <summary>One connection per target, all open at once, downloading <see cref="InTurns"/> of one message each.</summary>
    public static async Task<IReadOnlyList<Outcome<Transfer>>> MeasureAsync(
        MailService service, IReadOnlyList<(MailEndpoint Endpoint, ProcessTree? Target)> targets, MailUser reader, int warmUps, int runs)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var ct = timeout.Token;
        return await InTurns.RunAsync(
            [.. targets.Select(t => new Session(service, t.Endpoint, t.Target, runs))],
            s => s.OpenAsync(reader, warmUps, ct),
            runs,
            s => s.DownloadAsync(ct),
            s => s.Result());
    }

    private sealed class Session(MailService service, MailEndpoint endpoint, ProcessTree? target, int runs) : IDisposable
    {
        private readonly List<double> _speeds = new(runs);
        private LineSocket? _socket;
        private long _bytes;
        private double _cpuSeconds;

        public async Task OpenAsync(MailUser reader, int warmUps, CancellationToken ct)
        {
            _socket = await LineSocket.ConnectAsync(endpoint, BufferSize, ct);
            if (service == MailService.Pop3)
            {
                await Pop3Dialogue.LogInAsync(_socket, Pop3Dialogue.Login.Of(reader), ct);
            }
            else
            {
                await ImapDialogue.LogInAsync(_socket, ImapDialogue.Command.LogIn(reader), ct);
                await ImapDialogue.RunAsync(_socket, Examine, ct);
            }
            for (var i = 0; i < warmUps; i++)
            {
                await DownloadOnceAsync(ct);
            }
        }

        public async Task DownloadAsync(CancellationToken ct)
        {
            var bytesBefore = _socket!.BytesReceived;
            var cpuBefore = target?.CpuSeconds() ?? 0;
            var started = Stopwatch.GetTimestamp();
            await DownloadOnceAsync(ct);
            var elapsed = Stopwatch.GetElapsedTime(started);
            _cpuSeconds += (target?.CpuSeconds() ?? 0) - cpuBefore;
            var bytes = _socket.BytesReceived - bytesBefore;
            _bytes += bytes;
            _speeds.Add(bytes / 1e6 / elapsed.TotalSeconds);
        }

        public Transfer Result()
        {
            _speeds.Sort();
            var cpu = target is null ? (double?)null : _cpuSeconds / (_bytes / (double)(1L << 30));
            return new Transfer(_speeds[_speeds.Count / 2], _speeds[0], _speeds[^1], runs, cpu);
        }

        public void Dispose() => _socket?.Dispose();

        private async Task DownloadOnceAsync(CancellationToken ct)
        {
            if (service == MailService.Pop3)
            {
                await Pop3Dialogue.RetrieveAsync(_socket!, 1, ct);
            }
            else
            {
                await ImapDialogue.RunAsync(_socket!, Fetch, ct);
            }
        }
    }
}
