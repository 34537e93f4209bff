using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.PopBeforeSmtp;

/// <summary>
/// One Postfix policy connection from accept to close: answers its requests in order, and closes it when the peer does,
/// on a malformed request (without a reply, as the protocol wants), after the idle timeout, or when the server stops.
/// </summary>
internal sealed class PolicyConnection(
    Socket socket,
    PolicyConnectionLease lease,
    IRecentLogins recentLogins,
    TimeProvider time,
    TimeSpan idleTimeout,
    ILogger logger)
{
    private const int ReceiveBufferBytes = 4096;

    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EndPoint? _peer = PeerOf(socket);

    /// <summary>Completes once the socket is closed and the slot freed; never faults.</summary>
    public Task Closed => _closed.Task;

    public async Task RunAsync(CancellationToken stopping)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes);
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, idle.Token);
        try
        {
            await ServeAsync(buffer, idle, either.Token);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            PolicyServer.Log.IdleClosed(logger, _peer, idleTimeout);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The server is stopping; closing is all that is left to do.
        }
        catch (SocketException e)
        {
            PolicyServer.Log.ConnectionFailed(logger, _peer, e.SocketErrorCode);
        }
        catch (Exception e)
        {
            // Nobody awaits this task: a failure not logged here would vanish.
            PolicyServer.Log.ConnectionCrashed(logger, _peer, e);
        }
        finally
        {
            socket.Dispose();
            lease.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
            _closed.TrySetResult();
        }
    }

    private async Task ServeAsync(byte[] buffer, CancellationTokenSource idle, CancellationToken token)
    {
        var reader = new PolicyRequestReader();
        while (true)
        {
            // The timer runs only while we wait on the peer, so our own slowness (a cold start) never counts as its silence.
            idle.CancelAfter(idleTimeout);
            var received = await socket.ReceiveAsync(buffer.AsMemory(0, ReceiveBufferBytes), SocketFlags.None, token);
            idle.CancelAfter(Timeout.InfiniteTimeSpan);
            if (received == 0)
                return;

            var input = buffer.AsMemory(0, received);
            while (!input.IsEmpty)
            {
                var read = reader.Read(input.Span, out var consumed);
                input = input[consumed..];
                switch (read)
                {
                    case PolicyRead.Complete complete:
                        var reply = PolicyReply.Of(Decide(complete.Request));
                        // A peer that stops reading replies is as gone as one that stops writing requests.
                        idle.CancelAfter(idleTimeout);
                        await socket.SendAsync(reply, SocketFlags.None, token);
                        idle.CancelAfter(Timeout.InfiniteTimeSpan);
                        break;
                    case PolicyRead.Malformed malformed:
                        PolicyServer.Log.MalformedRequest(logger, _peer, malformed.Reason);
                        return;
                }
            }
        }
    }

    /// <summary>The remote end for log lines, or null for a peer that has already reset the connection.</summary>
    internal static EndPoint? PeerOf(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private PolicyAction Decide(PolicyRequest request)
    {
        try
        {
            var action = PopBeforeSmtpPolicy.Decide(request, recentLogins, time.GetUtcNow());
            PolicyServer.Log.Decided(logger, request.ClientAddress, action);
            return action;
        }
        catch (Exception e)
        {
            // A table that cannot answer must never let a client relay.
            PolicyServer.Log.LookupFailed(logger, request.ClientAddress, e);
            return PolicyAction.Dunno;
        }
    }
}
