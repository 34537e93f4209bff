using System.Diagnostics;
using System.Net.Sockets;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Fixtures.Postfix;

/// <summary>
/// Waits until the SMTP port greets with this instance's own hostname: a port that merely accepts may belong to
/// another process that took it first.
/// </summary>
internal static class PostfixReadiness
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(20);

    public static async Task WaitAsync(Process master, int port, string hostname, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (master.HasExited)
                throw new InvalidOperationException($"Postfix's master exited with code {master.ExitCode} before port {port} greeted.");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Port {port} did not greet in time.");
            try
            {
                await using var client = await RawLineClient.ConnectAsync(PostfixInstance.LoopbackHost, port);
                var banner = await client.ReadLineAsync(Remaining(deadline));
                if (banner is null || !banner.StartsWith($"220 {hostname} ", StringComparison.Ordinal))
                    throw new InvalidOperationException($"Port {port} is held by another server, which greeted: {banner}");
                await client.SendAsync("QUIT\r\n");
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
