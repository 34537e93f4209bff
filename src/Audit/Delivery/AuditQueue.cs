using System.Collections.Immutable;
using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.Delivery;

/// <summary>
/// A node's events on their way to the audit log: at most one batch in flight (sent, not yet confirmed) and up to
/// <see cref="Capacity"/> waiting behind it. When the log cannot take them (journal down, log moving) the waiting ones
/// pile up to that bound; past it the oldest waiting event is dropped and counted, so memory never grows without bound.
/// </summary>
public sealed record AuditQueue
{
    private AuditQueue(int capacity, int maxBatch, ImmutableQueue<AuditEvent> pending, int pendingCount, IReadOnlyList<AuditEvent> inFlight, long dropped,
        bool probing = false)
    {
        Probing = probing;
        Capacity = capacity;
        MaxBatch = maxBatch;
        Pending = pending;
        PendingCount = pendingCount;
        InFlight = inFlight;
        Dropped = dropped;
    }

    public int Capacity { get; }

    public int MaxBatch { get; }

    public ImmutableQueue<AuditEvent> Pending { get; }

    public int PendingCount { get; }

    /// <summary>The batch sent and not yet confirmed; empty when none is.</summary>
    public IReadOnlyList<AuditEvent> InFlight { get; }

    /// <summary>An empty batch is in flight, sent only to have the log start and confirm.</summary>
    public bool Probing { get; }

    /// <summary>A batch, or the probe, is sent and not yet confirmed.</summary>
    public bool AwaitingConfirmation => InFlight.Count > 0 || Probing;

    /// <summary>Events dropped because the queue was full, since the node started.</summary>
    public long Dropped { get; }

    /// <summary>Events not yet confirmed as stored: in flight and waiting.</summary>
    public int Waiting => PendingCount + InFlight.Count;

    public static AuditQueue Empty(int capacity, int maxBatch) =>
        capacity > 0 && maxBatch > 0
            ? new(capacity, maxBatch, ImmutableQueue<AuditEvent>.Empty, 0, [], 0)
            : throw new ArgumentOutOfRangeException(nameof(capacity), "capacity and batch size must be positive");

    /// <summary>Appends <paramref name="e"/>; when the queue is full the oldest waiting event makes room and is returned.</summary>
    public (AuditQueue Queue, AuditEvent? DroppedEvent) Enqueue(AuditEvent e)
    {
        if (PendingCount < Capacity)
        {
            return (new(Capacity, MaxBatch, Pending.Enqueue(e), PendingCount + 1, InFlight, Dropped, Probing), null);
        }
        var rest = Pending.Dequeue(out var oldest);
        return (new(Capacity, MaxBatch, rest.Enqueue(e), PendingCount, InFlight, Dropped + 1, Probing), oldest);
    }

    /// <summary>
    /// The next batch to send: up to <see cref="MaxBatch"/> oldest events that go to the same partition of the log as the
    /// oldest (<paramref name="partitionOf"/>; null: the log is one), or null while one is in flight or none waits.
    /// </summary>
    public (AuditQueue Queue, AuditBatch? Batch) NextBatch(Func<AuditEvent, int>? partitionOf = null)
    {
        if (AwaitingConfirmation || PendingCount == 0)
        {
            return (this, null);
        }
        var partition = partitionOf?.Invoke(Pending.Peek());
        var batch = new List<AuditEvent>(Math.Min(MaxBatch, PendingCount));
        var rest = Pending;
        while (batch.Count < MaxBatch && !rest.IsEmpty && (partitionOf is null || partitionOf(rest.Peek()) == partition))
        {
            rest = rest.Dequeue(out var e);
            batch.Add(e);
        }
        return (new(Capacity, MaxBatch, rest, PendingCount - batch.Count, batch, Dropped), new AuditBatch(batch));
    }

    /// <summary>An empty batch to send when nothing is in flight, or null: the log starts (and recovers) before events need it.</summary>
    public (AuditQueue Queue, AuditBatch? Batch) Probe() =>
        AwaitingConfirmation ? (this, null) : (new(Capacity, MaxBatch, Pending, PendingCount, InFlight, Dropped, probing: true), new AuditBatch([]));

    /// <summary>The log confirmed the batch in flight: its events are stored.</summary>
    public AuditQueue Confirmed() => new(Capacity, MaxBatch, Pending, PendingCount, [], Dropped);

    /// <summary>The batch in flight will never be confirmed (its controller is gone): it goes back first in line.</summary>
    public AuditQueue Unsent() =>
        !AwaitingConfirmation
            ? this
            : new(Capacity, MaxBatch, ImmutableQueue.CreateRange(InFlight.Concat(Pending)), PendingCount + InFlight.Count, [], Dropped);
}
