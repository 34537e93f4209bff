using System.Net;
using ActorMailProxy.Bench.Clients;

namespace ActorMailProxy.Bench.Targets;

/// <summary>Waits until a freshly started target greets on every port, the one sign of readiness all four targets share.</summary>
public static class ReadyProbe
{
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(2);

    public static async Task WaitAsync(IEnumerable<IPEndPoint> endpoints, IReadOnlyList<ChildProcess> processes, TimeSpan limit)
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

    private static async Task<bool> GreetsAsync(IPEndPoint endpoint)
    {
        using var timeout = new CancellationTokenSource(Attempt);
        try
        {
            using var socket = await LineSocket.ConnectAsync(endpoint, 1024, timeout.Token);
            var line = await socket.ReadLineAsync(timeout.Token);
            return line.Span.StartsWith("+OK"u8) || line.Span.StartsWith("* OK"u8);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or UnexpectedReplyException)
        {
            return false;
        }
    }
}
