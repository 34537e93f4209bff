namespace ActorMailProxy.Audit.Delivery;

/// <summary>The publisher's counters as other threads read them (status, tests): events not yet stored, events dropped.</summary>
public sealed class AuditBacklog
{
    private int _waiting;
    private long _dropped;

    public int Waiting => Volatile.Read(ref _waiting);

    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Update(AuditQueue queue)
    {
        Volatile.Write(ref _waiting, queue.Waiting);
        Interlocked.Exchange(ref _dropped, queue.Dropped);
    }
}
