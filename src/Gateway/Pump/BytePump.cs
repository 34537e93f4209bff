using System.Buffers;
using System.Net.Sockets;

namespace ActorMailProxy.Gateway.Pump;

/// <summary>
/// Moves bytes both ways between client and backend after login, without actor messages per chunk.
/// Each direction parks on a zero-byte read and rents a buffer only when data is there, so an idle
/// session holds no buffer (notes/akka-feasibility.md §6: ~8 KB per idle pair instead of 130 KB).
/// </summary>
public static class BytePump
{
    private const int ChunkSize = 64 * 1024;

    public static async Task<PumpResult> RunAsync(
        Stream client,
        Stream backend,
        ReadOnlyMemory<byte> pendingToBackend,
        ReadOnlyMemory<byte> pendingToClient,
        ActivityClock activity,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var up = CopyAsync(client, backend, pendingToBackend, activity, stop.Token);
        var down = CopyAsync(backend, client, pendingToClient, activity, stop.Token);
        var first = await Task.WhenAny(up, down).ConfigureAwait(false);
        var firstResult = await first.ConfigureAwait(false);
        if (firstResult.Outcome != Outcome.Eof || first == down)
        {
            // One side broke, or the backend finished (it can take nothing more, and was told the client's EOF if any):
            // stop the other direction now. A client's EOF alone leaves the backend to finish its answer first.
            await stop.CancelAsync().ConfigureAwait(false);
        }
        var upResult = await up.ConfigureAwait(false);
        var downResult = await down.ConfigureAwait(false);
        return new PumpResult(upResult.Bytes, downResult.Bytes, EndOf(upResult.Outcome, downResult.Outcome, cancellationToken.IsCancellationRequested));
    }

    private static PumpEnd EndOf(Outcome up, Outcome down, bool cancelled) => (up, down) switch
    {
        _ when cancelled => PumpEnd.Cancelled,
        (Outcome.Eof or Outcome.Cancelled, Outcome.Eof) => PumpEnd.Closed,
        (Outcome.ReadFailed, _) or (_, Outcome.WriteFailed) => PumpEnd.ClientError,
        (Outcome.WriteFailed, _) or (_, Outcome.ReadFailed) => PumpEnd.BackendError,
        _ => PumpEnd.Cancelled,
    };

    private enum Outcome { Eof, ReadFailed, WriteFailed, Cancelled }

    private readonly record struct DirectionResult(long Bytes, Outcome Outcome);

    private static async Task<DirectionResult> CopyAsync(Stream source, Stream destination, ReadOnlyMemory<byte> pending, ActivityClock activity, CancellationToken ct)
    {
        long total = 0;
        if (!pending.IsEmpty)
        {
            if (!await TryWriteAsync(destination, pending, ct).ConfigureAwait(false))
            {
                return new(total, ct.IsCancellationRequested ? Outcome.Cancelled : Outcome.WriteFailed);
            }
            total += pending.Length;
        }
        while (true)
        {
            int read;
            var buffer = Array.Empty<byte>();
            try
            {
                await source.ReadAsync(Memory<byte>.Empty, ct).ConfigureAwait(false);
                buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                Return(buffer);
                return new(total, ct.IsCancellationRequested ? Outcome.Cancelled : Outcome.ReadFailed);
            }
            if (read == 0)
            {
                Return(buffer);
                await ShutdownSendAsync(destination).ConfigureAwait(false);
                return new(total, Outcome.Eof);
            }
            activity.Touch();
            var written = await TryWriteAsync(destination, buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            Return(buffer);
            if (!written)
            {
                return new(total, ct.IsCancellationRequested ? Outcome.Cancelled : Outcome.WriteFailed);
            }
            total += read;
        }
    }

    private static async Task<bool> TryWriteAsync(Stream destination, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        try
        {
            await destination.WriteAsync(data, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }

    private static void Return(byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Passes an end of stream on as a half-close, so the other side can finish what it is sending.</summary>
    private static async Task ShutdownSendAsync(Stream destination)
    {
        try
        {
            switch (destination)
            {
                case NetworkStream ns:
                    ns.Socket.Shutdown(SocketShutdown.Send);
                    break;
                case System.Net.Security.SslStream ssl:
                    await ssl.ShutdownAsync().ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The peer is already gone; the other direction will notice.
        }
    }
}
