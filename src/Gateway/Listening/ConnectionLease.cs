namespace ActorMailProxy.Gateway.Listening;

/// <summary>One admitted connection's place under the limit; released exactly once, whatever ends the connection.</summary>
public sealed class ConnectionLease(ConnectionLimiter limiter) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            limiter.Release();
        }
    }
}
