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

namespace ActorMailProxy.Audit.Projections;

/// <summary>
/// Feeds a node's projections from the audit log's journal with Akka.Persistence.Query: first the events stored since
/// a start the projections chose (what they need of the past: the POP-before-SMTP table the last TTL, so a restart
/// costs the same after a year as after a minute), then, from where that ended, each event as it is stored. A read
/// that fails (journal down) is tried again with backoff from the last offset applied, so nothing is skipped and the
/// tables keep answering from what they have meanwhile.
/// </summary>
public sealed class AuditProjections
{
    private readonly ActorSystem _system;
    private readonly IReadOnlyList<IAuditProjection> _projections;
    private readonly ILoggingAdapter _log;
    private readonly SharedKillSwitch _stop;
    private long _offset;
    private long _applied;

    private AuditProjections(ActorSystem system, IReadOnlyList<IAuditProjection> projections)
    {
        _system = system;
        _projections = projections;
        _log = Logging.GetLogger(system, typeof(AuditProjections));
        _stop = KillSwitches.Shared("audit-projections");
    }

    /// <summary>Events applied since start, replayed ones included.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>
    /// Starts reading in the background and returns at once; the projections answer from what they have until
    /// <see cref="IAuditProjection.CaughtUp"/>. <paramref name="startAfter"/> says where in the log to begin (an offset
    /// the events after which are read); it is asked again until it answers, as the journal may be down.
    /// </summary>
    public static AuditProjections Start(ActorSystem system, IReadOnlyList<IAuditProjection> projections, Func<Task<long>> startAfter)
    {
        var feed = new AuditProjections(system, projections);
        _ = feed.RunAsync(startAfter);
        return feed;
    }

    public void Stop() => _stop.Shutdown();

    private async Task RunAsync(Func<Task<long>> startAfter)
    {
        var journal = await AuditReadJournal.GetAsync(_system, _log);
        var delay = TimeSpan.FromSeconds(1);
        while (!_system.WhenTerminated.IsCompleted)
        {
            try
            {
                Interlocked.Exchange(ref _offset, await startAfter());
                break;
            }
            catch (Exception e)
            {
                _log.Warning("Where to start reading the audit journal is not known ({0}); asking again in {1} s", e.GetBaseException().Message, delay.TotalSeconds);
                await Task.Delay(delay);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 10));
            }
        }
        _log.Info("Audit projections: reading the journal after ordering {0}", Interlocked.Read(ref _offset));
        Run(journal);
    }

    private void Run(SqlReadJournal journal)
    {
        var materializer = _system.Materializer(namePrefix: "audit-projections");
        var backoff = RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.2);
        var caughtUp = RestartSource.OnFailuresWithBackoff(() => Logged(journal.CurrentEventsByTag(AuditLog.Tag, Offset())), backoff)
            .Via(_stop.Flow<EventEnvelope>())
            .RunForeach(e => Apply(e, live: false), materializer);
        caughtUp.ContinueWith(t =>
        {
            if (t.IsFaulted || t.IsCanceled)
            {
                return;
            }
            var now = DateTimeOffset.UtcNow;
            foreach (var projection in _projections)
            {
                projection.CaughtUp(now);
            }
            // What came before the catch-up's end is read with the log's own tag: a journal an older version wrote has no other.
            var live = _projections.All(p => p.LoginsOnly) ? AuditLog.LoginTag : AuditLog.Tag;
            _log.Info("Audit projections rebuilt from the journal: {0} events; from now on reading the events tagged {1}", Applied, live);
            RestartSource.OnFailuresWithBackoff(() => Logged(journal.EventsByTag(live, Offset())), backoff)
                .Via(_stop.Flow<EventEnvelope>())
                .RunForeach(e => Apply(e, live: true), materializer);
        }, TaskScheduler.Default);
    }

    private Offset Offset()
    {
        var offset = Interlocked.Read(ref _offset);
        return offset == 0 ? Akka.Persistence.Query.Offset.NoOffset() : Akka.Persistence.Query.Offset.Sequence(offset);
    }

    private Source<EventEnvelope, NotUsed> Logged(Source<EventEnvelope, NotUsed> source) =>
        source.SelectError(e =>
        {
            _log.Warning("Reading the audit journal failed, trying again: {0}", e.Message);
            return e;
        });

    private void Apply(EventEnvelope envelope, bool live)
    {
        if (envelope.Offset is Sequence sequence)
        {
            Interlocked.Exchange(ref _offset, sequence.Value);
        }
        if (envelope.Event is not AuditEvent e)
        {
            return;
        }
        foreach (var projection in _projections)
        {
            try
            {
                projection.Apply(e, live);
            }
            catch (Exception failure)
            {
                // One projection's fault must not stop the others, nor the stream that feeds them all.
                _log.Error(failure, "Audit projection {0} failed on event {1}", projection.GetType().Name, e.EventId);
            }
        }
        Interlocked.Increment(ref _applied);
    }
}
