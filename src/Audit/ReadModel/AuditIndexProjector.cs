using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Log;

namespace ActorMailProxy.Audit.ReadModel;

/// <summary>
/// Keeps the audit index: reads the log by its tag from the offset stored with the index, and writes each batch of
/// rows with the new offset in one transaction. It runs on one node of the cluster (a singleton); whatever stops it (a
/// failed write, the journal down, its node gone) it starts again from the stored offset, so no event is skipped and a
/// batch written twice is stored once.
/// </summary>
public sealed class AuditIndexProjector : ReceiveActor
{
    private readonly JournalSpec _journal;
    private readonly AuditIndexSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SharedKillSwitch _stop = KillSwitches.Shared("audit-index");

    public AuditIndexProjector(JournalSpec journal, AuditIndexSettings settings)
    {
        _journal = journal;
        _settings = settings;
        ReceiveAsync<Start>(_ => StartAsync());
    }

    public static Props Props(JournalSpec journal, AuditIndexSettings settings) => Akka.Actor.Props.Create(() => new AuditIndexProjector(journal, settings));

    protected override void PreStart() => Self.Tell(Start.Instance);

    protected override void PostStop() => _stop.Shutdown();

    private async Task StartAsync()
    {
        var journal = await AuditReadJournal.GetAsync(Context.System, _log);
        var backoff = RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.2);
        _ = RestartSource.OnFailuresWithBackoff(() => Indexing(journal), backoff)
            .Via(_stop.Flow<long>())
            .RunWith(Sink.Ignore<long>(), Context.System.Materializer(namePrefix: "audit-index"));
    }

    /// <summary>From the stored offset on: tables made if missing, events read, rows written; emits each batch's offset.</summary>
    private Source<long, NotUsed> Indexing(SqlReadJournal journal) =>
        Source.FromTask(OffsetAsync())
            .ConcatMany(offset => journal.EventsByTag(AuditLog.Tag, offset == 0 ? Offset.NoOffset() : Offset.Sequence(offset)))
            .GroupedWithin(_settings.Batch, _settings.BatchWaitOrDefault)
            .SelectAsync(1, WriteAsync)
            .SelectError(e =>
            {
                _log.Warning("Writing the audit index failed, going on from its stored offset: {0}", _journal.Redact(e.GetBaseException().Message));
                return e;
            });

    private async Task<long> OffsetAsync()
    {
        await AuditIndexTables.CreateAsync(_journal, CancellationToken.None);
        var offset = await AuditIndexTables.OffsetAsync(_journal, CancellationToken.None);
        _log.Info("Audit index: going on after ordering {0}", offset);
        return offset;
    }

    private async Task<long> WriteAsync(IEnumerable<EventEnvelope> batch)
    {
        var envelopes = batch.ToList();
        var offset = ((Sequence)envelopes[^1].Offset).Value;
        var rows = envelopes
            .Where(e => e.Event is AuditEvent)
            .Select(e => AuditIndexRow.From(((Sequence)e.Offset).Value, (AuditEvent)e.Event))
            .ToList();
        await AuditIndexTables.WriteAsync(_journal, rows, offset, CancellationToken.None);
        return offset;
    }

    private sealed class Start
    {
        public static readonly Start Instance = new();
    }
}
