namespace ActorMailProxy.Audit.PopBeforeSmtp;

/// <summary>One taken slot; disposing it frees the slot exactly once, however often it is called.</summary>
internal sealed class PolicyConnectionLease(PolicyConnectionSlots slots) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            slots.Release();
    }
}
