using Akka;
using Akka.Actor;
using Akka.Cluster.Sharding.Delivery;
using Akka.Event;
using Akka.Util;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.Spool;

namespace ActorMailProxy.Audit.Delivery;

/// <summary>
/// A node's producer for the audit log. Connections hand it events (fire and forget); it keeps them in a bounded
/// <see cref="AuditQueue"/> and gives them to its <see cref="ShardingProducerController"/> one batch at a time,
/// sending the next only once the log confirmed the last as stored. The controller resends unconfirmed batches (to a
/// log that restarted or moved), so a batch in flight is never lost while this node lives; while none can be
/// confirmed the batch grows from the waiting events, so a busy node stores many events per journal write. It tells
/// the node's <see cref="AuditSpool"/>, if any, which events are done with (stored, or dropped from the full buffer).
/// </summary>
public sealed class AuditPublisher : ReceiveActor, IWithTimers
{
    private readonly IActorRef _region;
    private readonly string _producerId;
    private readonly AuditPublisherSettings _settings;
    private readonly AuditBacklog _backlog;
    private readonly AuditSpool? _spool;
    private readonly AuditPartitions _partitions;
    private readonly int _home;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AuditQueue _queue;
    private IActorRef _controller = ActorRefs.Nobody;
    private ShardingProducerController.RequestNext<AuditBatch>? _next;
    private DateTime _sentAt;
    private DateTime _gatheringSince;
    private bool _stalled;
    private bool _confirmedOnce;
    private List<IActorRef> _awaitingFirstConfirmation = [];
    private long _droppedLogged;

    /// <param name="home">The partition of this node's own events, which the probe starts.</param>
    public AuditPublisher(IActorRef region, string producerId, AuditPublisherSettings settings, AuditBacklog backlog, AuditPartitions partitions, int home,
        AuditSpool? spool)
    {
        _partitions = partitions;
        _home = home;
        _region = region;
        _producerId = producerId;
        _settings = settings;
        _backlog = backlog;
        _spool = spool;
        _queue = AuditQueue.Empty(settings.Buffer, settings.MaxBatch);
        Receive<AuditEvent>(OnEvent);
        Receive<ShardingProducerController.RequestNext<AuditBatch>>(OnRequestNext);
        Receive<Done>(_ => OnConfirmed());
        Receive<long>(_ => OnConfirmed());
        Receive<CheckBacklog>(_ => OnCheckBacklog());
        Receive<Gathered>(_ => SendNext());
        Receive<FirstConfirmation>(_ => OnFirstConfirmationAsked());
        Receive<Terminated>(t => OnControllerStopped(t.ActorRef));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef region, string producerId, AuditPublisherSettings settings, AuditBacklog backlog, AuditPartitions partitions, int home,
        AuditSpool? spool = null) =>
        Akka.Actor.Props.Create(() => new AuditPublisher(region, producerId, settings, backlog, partitions, home, spool));

    /// <summary>A controller that fails is replaced, never restarted in place: its unconfirmed batch is sent again through the new one.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        StartController();
        Timers.StartPeriodicTimer(nameof(CheckBacklog), CheckBacklog.Instance, _settings.StallWarningOrDefault);
    }

    private void StartController()
    {
        var settings = ShardingProducerController.Settings.Create(Context.System);
        _controller = Context.ActorOf(ShardingProducerController.Create<AuditBatch>(_producerId, _region, Option<Props>.None, settings));
        Context.Watch(_controller);
        _next = null;
        _controller.Tell(new ShardingProducerController.Start<AuditBatch>(Self));
    }

    private void OnEvent(AuditEvent e)
    {
        if (_queue.PendingCount == 0)
        {
            _gatheringSince = DateTime.UtcNow;
        }
        var (queue, dropped) = _queue.Enqueue(e);
        _queue = queue;
        if (dropped is not null)
        {
            _spool?.Resolved([dropped]);
        }
        if (dropped is not null && _droppedLogged == 0)
        {
            _log.Error("Audit buffer full ({0} events waiting): dropping the oldest, from now on counted ({1} so far)", _queue.Waiting, _queue.Dropped);
            _droppedLogged = _queue.Dropped;
        }
        SendNext();
    }

    private void OnRequestNext(ShardingProducerController.RequestNext<AuditBatch> next)
    {
        _next = next;
        SendNext();
    }

    private void OnFirstConfirmationAsked()
    {
        if (_confirmedOnce)
        {
            Sender.Tell(true);
            return;
        }
        _awaitingFirstConfirmation.Add(Sender);
    }

    private void OnConfirmed()
    {
        var stored = _queue.InFlight;
        _queue = _queue.Confirmed();
        _spool?.Resolved(stored);
        if (!_confirmedOnce)
        {
            _confirmedOnce = true;
            _awaitingFirstConfirmation.ForEach(asker => asker.Tell(true));
            _awaitingFirstConfirmation = [];
        }
        if (_stalled)
        {
            _stalled = false;
            _log.Info("Audit log confirms again: {0} events waiting, {1} dropped since start", _queue.Waiting, _queue.Dropped);
        }
        SendNext();
    }

    private void SendNext()
    {
        if (_next is not null && !Gathering())
        {
            // Until the log has confirmed anything, an empty probe starts it even before there are events.
            // Events go to the partition of the node that saw them (a spool's leftovers may come from this node's earlier name).
            var (queue, batch) = _confirmedOnce || _queue.PendingCount > 0 ? _queue.NextBatch(PartitionOf) : _queue.Probe();
            if (batch is not null)
            {
                _queue = queue;
                _sentAt = DateTime.UtcNow;
                _gatheringSince = _sentAt;
                var partition = batch.Events.Count > 0 ? PartitionOf(batch.Events[0]) : _home;
                _next.AskNextTo(new ShardingProducerController.MessageWithConfirmation<AuditBatch>(AuditPartitions.EntityId(partition), batch, Self));
            }
        }
        _backlog.Update(_queue);
    }

    private int PartitionOf(AuditEvent e) => _partitions.Of(e.Node);

    /// <summary>
    /// Whether the waiting events are fewer than a batch and the first of them came less than the batch wait ago: then
    /// they wait for more (a timer sends them when the wait is over). Never before the log's first confirmation.
    /// </summary>
    private bool Gathering()
    {
        var wait = _settings.BatchWaitOrDefault;
        if (!_confirmedOnce || wait == TimeSpan.Zero || _queue.PendingCount == 0 || _queue.PendingCount >= _queue.MaxBatch || _queue.AwaitingConfirmation)
        {
            return false;
        }
        var left = _gatheringSince + wait - DateTime.UtcNow;
        if (left <= TimeSpan.Zero)
        {
            return false;
        }
        if (!Timers.IsTimerActive(nameof(Gathered)))
        {
            Timers.StartSingleTimer(nameof(Gathered), Gathered.Instance, left);
        }
        return true;
    }

    private void OnCheckBacklog()
    {
        if (_queue.Dropped > _droppedLogged)
        {
            _log.Error("Audit buffer full: {0} more events dropped ({1} since start), {2} waiting", _queue.Dropped - _droppedLogged, _queue.Dropped, _queue.Waiting);
            _droppedLogged = _queue.Dropped;
        }
        var unconfirmedFor = DateTime.UtcNow - _sentAt;
        if (_queue.AwaitingConfirmation && unconfirmedFor >= _settings.StallWarningOrDefault)
        {
            _stalled = true;
            _log.Warning("Audit log has confirmed nothing for {0:0} s (journal or log unavailable): {1} events waiting, {2} dropped since start",
                unconfirmedFor.TotalSeconds, _queue.Waiting, _queue.Dropped);
        }
    }

    private void OnControllerStopped(IActorRef controller)
    {
        if (!controller.Equals(_controller))
        {
            return;
        }
        _log.Error("Audit producer controller stopped; starting a new one and sending the unconfirmed events again");
        _queue = _queue.Unsent();
        StartController();
    }

    private sealed class CheckBacklog
    {
        public static readonly CheckBacklog Instance = new();
    }

    private sealed class Gathered
    {
        public static readonly Gathered Instance = new();
    }

    /// <summary>Asks for <c>true</c> once the log has confirmed a first delivery: it runs and its journal answers.</summary>
    public sealed class FirstConfirmation
    {
        public static readonly FirstConfirmation Instance = new();
    }
}
