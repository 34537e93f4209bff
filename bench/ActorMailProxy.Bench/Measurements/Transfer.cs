using System.Diagnostics;
using System.Net;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Integration;

namespace ActorMailProxy.Bench.Measurements;

/// <summary>
/// Download speed of the 10 MiB message on one logged-in connection (POP3 RETR or IMAP FETCH BODY.PEEK[]), in MB/s
/// of 10^6 bytes on the wire, and the target's CPU seconds per GiB moved.
/// </summary>
public sealed record Transfer(double MedianMBps, double MinMBps, double MaxMBps, int Runs, double? CpuSecondsPerGiB)
{
    private const int BufferSize = 256 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly ImapDialogue.Command Examine = ImapDialogue.Command.Of("e", "EXAMINE INBOX");
    private static readonly ImapDialogue.Command Fetch = ImapDialogue.Command.Of("f", "FETCH 1 BODY.PEEK[]");

    public static async Task<Transfer> MeasureAsync(MailService service, IPEndPoint endpoint, MailUser reader, int warmUps, int runs, ProcessTree? target)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var ct = timeout.Token;
        using var socket = await LineSocket.ConnectAsync(endpoint, BufferSize, ct);
        Func<Task> download;
        if (service == MailService.Pop3)
        {
            await Pop3Dialogue.LogInAsync(socket, Pop3Dialogue.Login.Of(reader), ct);
            download = async () => await Pop3Dialogue.RetrieveAsync(socket, 1, ct);
        }
        else
        {
            await ImapDialogue.LogInAsync(socket, ImapDialogue.Command.LogIn(reader), ct);
            await ImapDialogue.RunAsync(socket, Examine, ct);
            download = async () => await ImapDialogue.RunAsync(socket, Fetch, ct);
        }
        for (var i = 0; i < warmUps; i++)
        {
            await download();
        }

        var speeds = new List<double>(runs);
        var bytesBefore = socket.BytesReceived;
        var cpuBefore = target?.CpuSeconds();
        for (var i = 0; i < runs; i++)
        {
            var bytes = socket.BytesReceived;
            var started = Stopwatch.GetTimestamp();
            await download();
            speeds.Add((socket.BytesReceived - bytes) / 1e6 / Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        var cpu = target?.CpuSeconds() - cpuBefore;
        var gib = (socket.BytesReceived - bytesBefore) / (double)(1L << 30);
        speeds.Sort();
        return new Transfer(speeds[speeds.Count / 2], speeds[0], speeds[^1], runs, cpu / gib);
    }
}
