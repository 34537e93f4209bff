using Akka.Actor;
using Akka.Delivery;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.Log;

/// <summary>
/// One partition of the cluster's audit log (<see cref="AuditPartitions"/>): a persistent actor that stores every event
/// it is delivered, tagged <see cref="Tag"/>, exactly once by event id, and confirms a delivery only once its events are
/// in the journal. It receives deliveries from the publishers of the nodes whose partition it is, through its
/// <see cref="ConsumerController"/> (the sharding consumer controller, its parent).
/// </summary>
public sealed class AuditLog : ReceivePersistentActor
{
    public const string Tag = "audit";

    /// <summary>
    /// Also on every successful login and relog: the POP-before-SMTP table, which every node keeps and which needs only
    /// those, reads a third of the log's rows.
    /// </summary>
    public const string LoginTag = "login";

    private static readonly string[] EventTags = [Tag];
    private static readonly string[] LoginTags = [Tag, LoginTag];

    private readonly IActorRef _consumerController;
    private readonly AuditLogSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AuditLogState _state;

    public AuditLog(IActorRef consumerController, AuditLogSettings settings, string partition)
    {
        PersistenceId = AuditPartitions.PersistenceId(settings.LogId, partition);
        _consumerController = consumerController;
        _settings = settings;
        _state = AuditLogState.Empty(settings.RecentIds);
        Recover<SnapshotOffer>(offer => _state = AuditLogState.From((AuditLogSnapshot)offer.Snapshot, settings.RecentIds));
        Recover<AuditEvent>(e => _state.Stored(e));
        // A journal that keeps the tag wrapper (the in-memory one) replays it as written.
        Recover<Tagged>(t => _state.Stored((AuditEvent)t.Payload));
        Recover<RecoveryCompleted>(_ => _log.Info("Audit log {0} recovered at sequence number {1}: {2} recent event ids", PersistenceId, LastSequenceNr, _state.Recent.Count));
        Command<ConsumerController.Delivery<AuditBatch>>(OnDelivery);
        Command<SaveSnapshotSuccess>(OnSnapshotSaved);
        Command<SaveSnapshotFailure>(f => _log.Warning("Audit log snapshot failed, trying again later: {0}", f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("Old audit log snapshots not deleted: {0}", f.Cause.Message));
    }

    public override string PersistenceId { get; }

    public static Props Props(IActorRef consumerController, AuditLogSettings settings, string partition) =>
        Akka.Actor.Props.Create(() => new AuditLog(consumerController, settings, partition));

    protected override void PreStart()
    {
        base.PreStart();
        _consumerController.Tell(new ConsumerController.Start<AuditBatch>(Self));
    }

    /// <summary>Stores what is new in the batch (a redelivery may bring events already stored) and only then confirms.</summary>
    private void OnDelivery(ConsumerController.Delivery<AuditBatch> delivery)
    {
        var fresh = _state.Fresh(delivery.Message.Events);
        if (fresh.Count == 0)
        {
            delivery.ConfirmTo.Tell(ConsumerController.Confirmed.Instance);
            return;
        }
        var last = fresh[^1];
        PersistAll(fresh.Select(e => new Tagged(e, TagsOf(e))), tagged => OnStored((AuditEvent)tagged.Payload, last, delivery.ConfirmTo));
    }

    private void OnStored(AuditEvent stored, AuditEvent last, IActorRef confirmTo)
    {
        _state.Stored(stored);
        if (!ReferenceEquals(stored, last))
        {
            return;
        }
        confirmTo.Tell(ConsumerController.Confirmed.Instance);
        if (_state.SnapshotDue(_settings.SnapshotEvery))
        {
            SaveSnapshot(_state.ToSnapshot());
            _state.SnapshotTaken();
        }
    }

    public static IReadOnlyList<string> TagsOf(AuditEvent e) => e is LoginSucceeded or SessionRelogged ? LoginTags : EventTags;

    /// <summary>Only the newest snapshot is ever read: the older ones go.</summary>
    private void OnSnapshotSaved(SaveSnapshotSuccess saved) =>
        DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
}
