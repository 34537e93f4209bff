using System.Diagnostics;
using System.Net;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Integration;

namespace ActorMailProxy.Bench.Measurements;

/// <summary>Round trip of one IMAP NOOP on a logged-in connection, one at a time: what a proxy adds to every command.</summary>
public sealed record NoopLatency(double P50Us, double P99Us, int Count)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly ImapDialogue.Command Noop = ImapDialogue.Command.Of("n", "NOOP");

    public static async Task<NoopLatency> MeasureAsync(IPEndPoint endpoint, MailUser user, int warmUps, int count)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var ct = timeout.Token;
        using var socket = await LineSocket.ConnectAsync(endpoint, 4096, ct);
        await ImapDialogue.LogInAsync(socket, ImapDialogue.Command.LogIn(user), ct);
        for (var i = 0; i < warmUps; i++)
        {
            await ImapDialogue.RunAsync(socket, Noop, ct);
        }
        var ticks = new long[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await ImapDialogue.RunAsync(socket, Noop, ct);
            ticks[i] = Stopwatch.GetTimestamp() - started;
        }
        await ImapDialogue.LogOutAsync(socket, ct);
        Array.Sort(ticks);
        return new NoopLatency(Microseconds(ticks[count / 2]), Microseconds(ticks[count * 99 / 100]), count);
    }

    private static double Microseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
}
