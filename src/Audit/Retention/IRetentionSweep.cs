namespace ActorMailProxy.Audit.Retention;

/// <summary>
/// One store of audit history that expires. <see cref="AuditRetention"/> runs every sweep on one node of the cluster,
/// <c>actormailproxy audit prune</c> runs them once; a sweep deletes a batch per transaction, so the writers of its
/// store never wait for more than one short batch.
/// </summary>
public interface IRetentionSweep
{
    /// <summary>What it deletes, as the operator reads it after a count: "journal events".</summary>
    string Name { get; }

    /// <summary>Deletes what is older than <paramref name="before"/>, at most <paramref name="batch"/> rows per transaction; returns how many rows went.</summary>
    Task<long> SweepAsync(DateTimeOffset before, int batch, CancellationToken cancel);
}
