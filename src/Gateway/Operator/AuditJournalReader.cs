using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>One stored audit event and its place in the journal (what a later read continues after).</summary>
internal sealed record JournaledEvent(long Offset, AuditEvent Event);

/// <summary>
/// The audit commands' side of the journal: a small actor system of its own (no cluster, no remoting) with the nodes'
/// journal and serializers, reading the audit log by its tag through Akka.Persistence.Query.
/// </summary>
internal sealed class AuditJournalReader : IAsyncDisposable
{
    public const string SystemName = ClusterSystem.Name + "-audit";

    private readonly ActorSystem _system;
    private readonly SqlReadJournal _journal;
    private readonly IMaterializer _materializer;

    private AuditJournalReader(ActorSystem system)
    {
        _system = system;
        _journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        _materializer = system.Materializer();
    }

    /// <summary>Starts on <paramref name="nodeConfig"/> (the node's journal and serializer bindings), quiet unless <paramref name="debug"/>.</summary>
    public static AuditJournalReader Start(Config nodeConfig, bool debug)
    {
        var level = debug ? "WARNING" : "OFF";
        var config = ConfigurationFactory.ParseString($"""
            akka.actor.provider = local
            akka.loglevel = {level}
            akka.stdout-loglevel = {level}
            # A reader never creates the tables a node would: it was told the journal is there before it started.
            akka.persistence.journal.sql.auto-initialize = off
            akka.persistence.snapshot-store.sql.auto-initialize = off
            akka.persistence.query.journal.sql.auto-initialize = off
            """).WithFallback(nodeConfig)
            // The plugins' classes, as the node adds them (plain HOCON does not load Akka.Persistence.Sql's defaults).
            .WithFallback(SqlPersistence.DefaultConfiguration);
        var system = ActorSystem.Create(SystemName, config);
        try
        {
            return new AuditJournalReader(system);
        }
        catch
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(5));
            throw;
        }
    }

    /// <summary>The events stored so far after <paramref name="offset"/> (0: all), oldest first; ends at the newest.</summary>
    public IAsyncEnumerable<JournaledEvent> Stored(long offset) =>
        Events(_journal.CurrentEventsByTag(AuditLog.Tag, From(offset)));

    /// <summary>The events after <paramref name="offset"/>, then each one as it is stored; never ends by itself.</summary>
    public IAsyncEnumerable<JournaledEvent> Live(long offset) =>
        Events(_journal.EventsByTag(AuditLog.Tag, From(offset)));

    public async ValueTask DisposeAsync() => await _system.Terminate();

    private static Offset From(long offset) => offset == 0 ? Offset.NoOffset() : Offset.Sequence(offset);

    private IAsyncEnumerable<JournaledEvent> Events(Source<EventEnvelope, Akka.NotUsed> envelopes) =>
        envelopes
            .Where(e => e.Event is AuditEvent)
            .Select(e => new JournaledEvent(((Sequence)e.Offset).Value, (AuditEvent)e.Event))
            .RunAsAsyncEnumerable(_materializer);
}
