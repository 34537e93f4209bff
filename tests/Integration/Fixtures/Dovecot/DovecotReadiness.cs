using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>
/// Waits until each listener greets with the instance's own greeting: a port that merely accepts may belong to
/// another process that took it first, and Dovecot binds all listeners before it forks the login processes.
/// An implicit-TLS port must also serve the instance's own certificate.
/// </summary>
internal static class DovecotReadiness
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(10);

    public static Task WaitAsync(Process master, DovecotPorts ports, string greeting, X509Certificate2? certificate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var waits = new List<Task>
        {
            GreetedAsync(master, ports.Imap, null, ImapGreeting, greeting, deadline),
            GreetedAsync(master, ports.Pop3, null, Pop3Greeting, greeting, deadline),
            GreetedAsync(master, ports.Sieve, null, line => line.StartsWith("OK", StringComparison.Ordinal), greeting, deadline),
        };
        if (certificate is not null)
        {
            waits.Add(GreetedAsync(master, ports.Imaps, certificate, ImapGreeting, greeting, deadline));
            waits.Add(GreetedAsync(master, ports.Pop3s, certificate, Pop3Greeting, greeting, deadline));
        }
        return Task.WhenAll(waits);
    }

    private static bool ImapGreeting(string line) => line.StartsWith("* OK", StringComparison.Ordinal);

    private static bool Pop3Greeting(string line) => line.StartsWith("+OK", StringComparison.Ordinal);

    private static async Task GreetedAsync(Process master, int port, X509Certificate2? certificate, Func<string, bool> isGreeting, string greeting, DateTime deadline)
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
                if (certificate is not null)
                    await client.StartTlsAsync(DovecotInstance.LoopbackHost, (_, served, _, _) => served?.GetCertHashString() == certificate.GetCertHashString(), Remaining(deadline));
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
