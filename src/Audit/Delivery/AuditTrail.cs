using Akka.Actor;

namespace ActorMailProxy.Audit;

/// <summary>The node's trail: events go to its <see cref="AuditPublisher"/>, and through it to the cluster's one audit log.</summary>
public sealed class AuditTrail(IActorRef publisher, string node, AuditBacklog backlog) : IAuditTrail
{
    public string Node => node;

    public int Waiting => backlog.Waiting;

    public long Dropped => backlog.Dropped;

    public void Record(AuditEvent e) => publisher.Tell(e);

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

    /// <summary>Starts this node's publisher; <paramref name="producerId"/> must differ between nodes and between a node's incarnations.</summary>
    public static AuditTrail Start(ActorSystem system, IActorRef logRegion, string node, string producerId, AuditPublisherSettings settings)
    {
        var backlog = new AuditBacklog();
        var publisher = system.ActorOf(AuditPublisher.Props(logRegion, producerId, settings, backlog), "audit-publisher");
        return new AuditTrail(publisher, node, backlog);
    }
}
