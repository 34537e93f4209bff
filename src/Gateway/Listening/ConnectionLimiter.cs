namespace ActorMailProxy.Gateway.Listening;

/// <summary>This node's count of open client connections, bounded by <c>-L/--connection_limit</c> (0: no bound).</summary>
public sealed class ConnectionLimiter(int limit)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public ConnectionLease? TryAcquire()
    {
        while (true)
        {
            var open = Volatile.Read(ref _open);
            if (limit > 0 && open >= limit)
            {
                return null;
            }
            if (Interlocked.CompareExchange(ref _open, open + 1, open) == open)
            {
                return new ConnectionLease(this);
            }
        }
    }

    internal void Release() => Interlocked.Decrement(ref _open);
}
