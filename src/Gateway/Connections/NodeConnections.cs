namespace ActorMailProxy.Gateway.Connections;

/// <summary>
/// This node's open client connections, counted for the shutdown drain and for <c>cluster status</c>; the limits on
/// them are cluster-wide and live in Routing's limits.
/// </summary>
public sealed class NodeConnections
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public ConnectionLease Track()
    {
        Interlocked.Increment(ref _open);
        return new ConnectionLease(this);
    }

    internal void Release() => Interlocked.Decrement(ref _open);
}
