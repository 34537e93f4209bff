namespace ActorMailProxy.Routing.Limits;

/// <summary>The cluster-wide connection limits as a connection sees them.</summary>
public interface IConnectionLimits
{
    /// <summary>A new connection's places, holding nothing yet; the connection disposes them when it ends.</summary>
    IConnectionPlaces Enter();
}

/// <summary>
/// One connection's places under the limits. <see cref="TryAdmitAsync"/> is the one call a connection makes;
/// disposing gives back every place it holds or has asked for, exactly once.
/// </summary>
public interface IConnectionPlaces : IDisposable
{
    ValueTask<Admission> TryAdmitAsync(AdmissionRequest request, CancellationToken cancellationToken);
}

/// <summary>What the operator's <c>cluster limit KEY</c> and <c>cluster status</c> ask of the limits.</summary>
public interface ILimitShares
{
    /// <summary>Every member's part of <paramref name="key"/>; members that do not answer within <paramref name="timeout"/> are listed as silent.</summary>
    Task<LimitStatus> StatusAsync(string key, TimeSpan timeout);

    /// <summary>This node's places over all keys.</summary>
    LedgerTotals Totals();
}
