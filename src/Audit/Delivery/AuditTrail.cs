using Akka.Actor;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.Spool;

namespace ActorMailProxy.Audit.Delivery;

/// <summary>
/// The node's trail: events go to its <see cref="AuditPublisher"/>, and through it to the cluster's one audit log;
/// with a <see cref="AuditSpool"/>, each is on disk before the publisher has it.
/// </summary>
public sealed class AuditTrail(IActorRef publisher, string node, AuditBacklog backlog, AuditSpool? spool = null) : IAuditTrail
{
    private readonly Lock _order = new();

    public string Node => node;

    public int Waiting => backlog.Waiting;

    public long Dropped => backlog.Dropped;

    public void Record(AuditEvent e)
    {
        if (spool is null)
        {
            publisher.Tell(e);
            return;
        }
        // The publisher takes events in the order the spool wrote them, so replays and deletions follow that order too.
        lock (_order)
        {
            spool.Append(e);
            publisher.Tell(e);
        }
    }

    /// <summary>Whether the log confirmed a first delivery within <paramref name="timeout"/>: it runs, its journal answers.</summary>
    public async Task<bool> ConfirmingAsync(TimeSpan timeout)
    {
        try
        {
            return await publisher.Ask<bool>(AuditPublisher.FirstConfirmation.Instance, timeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts this node's publisher; <paramref name="producerId"/> must differ between nodes and between a node's incarnations.
    /// What an earlier run left in <paramref name="spool"/> is recorded first, with its own event ids (the log drops any it
    /// already stored), and written to this run's segments before the earlier run's go.
    /// </summary>
    public static AuditTrail Start(ActorSystem system, IActorRef logRegion, string node, string producerId, AuditPublisherSettings settings,
        AuditPartitions partitions, AuditSpool? spool = null)
    {
        var backlog = new AuditBacklog();
        var publisher = system.ActorOf(AuditPublisher.Props(logRegion, producerId, settings, backlog, partitions, partitions.Of(node), spool), "audit-publisher");
        var trail = new AuditTrail(publisher, node, backlog, spool);
        if (spool is not null)
        {
            foreach (var e in spool.Leftovers.Events)
            {
                trail.Record(e);
            }
            spool.LeftoversRecorded();
        }
        return trail;
    }
}
