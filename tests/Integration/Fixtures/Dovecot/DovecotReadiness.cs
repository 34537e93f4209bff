using System.Diagnostics;
using System.Net.Sockets;

namespace ActorMailProxy.Integration;

/// <summary>
/// Waits until each listener greets with the instance's own greeting: a port that merely accepts may belong to
/// another process that took it first, and Dovecot binds all listeners before it forks the login processes.
/// </summary>
internal static class DovecotReadiness
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(10);

    public static Task WaitAsync(Process master, DovecotPorts ports, string greeting, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        return Task.WhenAll(
            GreetedAsync(master, ports.Imap, line => line.StartsWith("* OK", StringComparison.Ordinal), greeting, deadline),
            GreetedAsync(master, ports.Pop3, line => line.StartsWith("+OK", StringComparison.Ordinal), greeting, deadline),
            GreetedAsync(master, ports.Sieve, line => line.StartsWith("OK", StringComparison.Ordinal), greeting, deadline));
    }

    private static async Task GreetedAsync(Process master, int port, Func<string, bool> isGreeting, string greeting, DateTime deadline)
    {
        while (true)
        {
            if (master.HasExited)
                throw new InvalidOperationException($"Dovecot exited with code {master.ExitCode} before port {port} greeted.");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Port {port} did not greet in time.");
            try
            {
                await using var client = await RawLineClient.ConnectAsync(DovecotInstance.LoopbackHost, port);
                var lines = await client.ReadUntilAsync(isGreeting, Remaining(deadline));
                if (!lines[^1].Contains(greeting, StringComparison.Ordinal))
                    throw new InvalidOperationException($"Port {port} is held by another server, which greeted: {lines[^1]}");
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(RetryDelay);
            }
        }
    }

    private static TimeSpan Remaining(DateTime deadline) =>
        deadline - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.FromMilliseconds(1);
}
