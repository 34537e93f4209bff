namespace ActorMailProxy.Audit.PopBeforeSmtp;

/// <summary>The bound on open policy connections, handed out as leases so every way a connection ends frees its slot.</summary>
internal sealed class PolicyConnectionSlots(int capacity)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    /// <summary>A lease on one slot, or null when all <c>capacity</c> are taken.</summary>
    public PolicyConnectionLease? TryAcquire()
    {
        if (Interlocked.Increment(ref _open) <= capacity)
            return new PolicyConnectionLease(this);
        Interlocked.Decrement(ref _open);
        return null;
    }

    internal void Release() => Interlocked.Decrement(ref _open);
}
