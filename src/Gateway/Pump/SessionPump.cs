using System.Net.Sockets;

namespace ActorMailProxy.Gateway.Pump;

/// <summary>
/// Chooses how a logged-in session's bytes move: splice(2) when both legs are plaintext sockets and the engine is
/// there (and allowed) and full-size pipes can be had, the zero-byte-read copy otherwise (TLS legs, other platforms).
/// </summary>
public sealed class SessionPump(SpliceEngine? engine)
{
    public bool Splices => engine is not null;

    public async Task<PumpResult> RunAsync(
        Socket clientSocket,
        Stream client,
        Socket backendSocket,
        Stream backend,
        ReadOnlyMemory<byte> pendingToBackend,
        ReadOnlyMemory<byte> pendingToClient,
        ActivityClock activity,
        CancellationToken cancellationToken)
    {
        if (engine is null || client is not NetworkStream || backend is not NetworkStream)
        {
            return await BytePump.RunAsync(client, backend, pendingToBackend, pendingToClient, activity, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await client.WriteAsync(pendingToClient, cancellationToken).ConfigureAwait(false);
            await backend.WriteAsync(pendingToBackend, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return new PumpResult(0, 0, cancellationToken.IsCancellationRequested ? PumpEnd.Cancelled : PumpEnd.ClientError);
        }
        var moved = engine.TryRun(clientSocket, backendSocket, activity, cancellationToken) is { } splicing
            ? await splicing.ConfigureAwait(false)
            : await BytePump.RunAsync(client, backend, default, default, activity, cancellationToken).ConfigureAwait(false);
        return moved with { FromClient = moved.FromClient + pendingToBackend.Length, ToClient = moved.ToClient + pendingToClient.Length };
    }
}
