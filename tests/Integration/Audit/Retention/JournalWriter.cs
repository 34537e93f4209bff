using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Log;

namespace ActorMailProxy.Integration.Audit.Retention;

/// <summary>
/// Writes a journal as the audit log writes it, through Akka.Persistence.Sql itself: audit events tagged
/// <see cref="AuditLog.Tag"/> under one persistence id, and a snapshot of its state when asked. Its state (events
/// applied, the last one's id, its sequence number) is what a recovery after a sweep must give back unchanged.
/// </summary>
public sealed class JournalWriter : ReceivePersistentActor
{
    /// <summary>Persist <paramref name="Count"/> new events in one write; the reply is <see cref="Written"/>.</summary>
    public sealed record Write(int Count);

    public sealed record Written(long SequenceNr);

    /// <summary>Save a snapshot of the state now; the reply is <see cref="Written"/> with the snapshot's sequence number.</summary>
    public sealed record Snapshot;

    public sealed record GetState;

    public sealed record State(long Applied, string? LastId, long SequenceNr);

    private readonly string _persistenceId;
    private long _applied;
    private string? _lastId;
    private IActorRef? _snapshotFor;

    public JournalWriter(string persistenceId)
    {
        _persistenceId = persistenceId;
        Recover<SnapshotOffer>(offer => FromSnapshot((string)offer.Snapshot));
        Recover<ConnectionOpened>(Apply);
        Command<Write>(OnWrite);
        Command<Snapshot>(_ =>
        {
            _snapshotFor = Sender;
            SaveSnapshot($"{_applied} {_lastId}");
        });
        Command<SaveSnapshotSuccess>(saved => _snapshotFor?.Tell(new Written(saved.Metadata.SequenceNr)));
        Command<GetState>(_ => Sender.Tell(new State(_applied, _lastId, LastSequenceNr)));
    }

    public override string PersistenceId => _persistenceId;

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new JournalWriter(persistenceId));

    private void OnWrite(Write write)
    {
        var asker = Sender;
        var events = Enumerable.Range(0, write.Count)
            .Select(_ => new Tagged(new ConnectionOpened(AuditEvent.NewId(), "127.0.0.1:2551", DateTimeOffset.UtcNow, new AuditSession("192.0.2.7:40001", "127.0.0.1:110", "POP3")), [AuditLog.Tag]))
            .ToList();
        var left = events.Count;
        PersistAll(events, tagged =>
        {
            Apply((ConnectionOpened)tagged.Payload);
            if (--left == 0)
            {
                asker.Tell(new Written(LastSequenceNr));
            }
        });
    }

    private void Apply(ConnectionOpened e)
    {
        _applied++;
        _lastId = e.EventId;
    }

    private void FromSnapshot(string snapshot)
    {
        var parts = snapshot.Split(' ');
        _applied = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        _lastId = parts[1].Length > 0 ? parts[1] : null;
    }
}
