namespace ActorMailProxy.Gateway.Connections;

/// <summary>One open connection in this node's count; released exactly once, whatever ends the connection.</summary>
public sealed class ConnectionLease(NodeConnections connections) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            connections.Release();
        }
    }
}
