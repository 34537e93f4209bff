using System.Security.Authentication;
using ActorMailProxy.Bench.Clients;

namespace ActorMailProxy.Bench.Targets;

/// <summary>
/// Waits until a freshly started target greets on every port, the one sign of readiness all targets share; on a TLS
/// port the greeting comes after a handshake the bench's client accepted.
/// </summary>
public static class ReadyProbe
{
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(2);

    public static async Task WaitAsync(IEnumerable<MailEndpoint> endpoints, IReadOnlyList<ChildProcess> processes, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        foreach (var endpoint in endpoints)
        {
            while (!await GreetsAsync(endpoint))
            {
                if (processes.FirstOrDefault(p => p.HasExited) is { } exited)
                {
                    throw new TargetUnavailableException($"it exited while starting:\n{exited.OutputTail}");
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TargetUnavailableException($"no greeting on {endpoint} within {limit.TotalSeconds:0} s:\n{string.Join('\n', processes.Select(p => p.OutputTail))}");
                }
                await Task.Delay(100);
            }
        }
    }

    private static async Task<bool> GreetsAsync(MailEndpoint endpoint)
    {
        using var timeout = new CancellationTokenSource(Attempt);
        try
        {
            using var socket = await LineSocket.ConnectAsync(endpoint, 1024, timeout.Token);
            var line = await socket.ReadLineAsync(timeout.Token);
            return line.Span.StartsWith("+OK"u8) || line.Span.StartsWith("* OK"u8);
        }
        // A certificate the client refuses will not get better by waiting.
        catch (AuthenticationException e)
        {
            throw new TargetUnavailableException($"TLS handshake on {endpoint} refused: {e.Message}");
        }
        // IOException: a listener that accepts but closes during the handshake, still starting up.
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or OperationCanceledException or UnexpectedReplyException)
        {
            return false;
        }
    }
}
