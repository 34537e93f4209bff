using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;

namespace ActorMailProxy.Audit.Journal;

/// <summary>The query side of the journal, for the readers that run in a node.</summary>
public static class AuditReadJournal
{
    /// <summary>
    /// The read journal, once it starts: its start asks the write journal and may time out on a busy node, so it is tried
    /// again with backoff; a slow start delays the readers, never the node.
    /// </summary>
    public static async Task<SqlReadJournal> GetAsync(ActorSystem system, ILoggingAdapter log)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                return PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            }
            catch (Exception e) when (!system.WhenTerminated.IsCompleted)
            {
                log.Warning("The audit journal's query side did not start ({0}); trying again in {1} s", e.GetBaseException().Message, delay.TotalSeconds);
                await Task.Delay(delay);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 10));
            }
        }
    }
}
