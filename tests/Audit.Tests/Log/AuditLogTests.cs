using Akka.Actor;
using Akka.Configuration;
using Akka.Delivery;
using Akka.TestKit.Xunit2;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Log;

namespace ActorMailProxy.Audit.Tests.Log;

/// <summary>The log actor on an in-memory journal: confirms only stored deliveries, stores each event id once, across restarts.</summary>
public sealed class AuditLogTests() : TestKit(Config)
{
    private static readonly Config Config = ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """);

    private static readonly AuditLogSettings Settings = new(RecentIds: 100, SnapshotEvery: 4);

    private IActorRef StartLog()
    {
        var controller = CreateTestProbe();
        var log = Sys.ActorOf(AuditLog.Props(controller.Ref, Settings, "0"));
        Assert.Equal(log, controller.ExpectMsg<ConsumerController.Start<AuditBatch>>().DeliverTo);
        return log;
    }

    private void Deliver(IActorRef log, long seqNr, params AuditEvent[] events)
    {
        log.Tell(new ConsumerController.Delivery<AuditBatch>(new AuditBatch(events), TestActor, "node-a", seqNr));
        ExpectMsg<ConsumerController.Confirmed>();
    }

    private void Restart(ref IActorRef log, int expectedSequenceNr)
    {
        Watch(log);
        Sys.Stop(log);
        ExpectTerminated(log);
        IActorRef? started = null;
        // Every id stored so far is known again, from the snapshot and the events after it.
        EventFilter.Info($"Audit log audit-log-0 recovered at sequence number {expectedSequenceNr}: {expectedSequenceNr} recent event ids").ExpectOne(() => started = StartLog());
        log = started!;
    }

    [Fact]
    public void A_redelivered_batch_is_confirmed_again_and_stored_once_even_after_a_restart()
    {
        var log = StartLog();
        var batch = AuditSamples.OneOfEach().ToArray();
        Deliver(log, 1, batch);
        Deliver(log, 1, batch);
        Deliver(log, 2, [batch[4], AuditSamples.Opened("new-1")]);
        Restart(ref log, expectedSequenceNr: 7);

        Deliver(log, 1, batch);
        Deliver(log, 3, AuditSamples.Opened("new-1"), AuditSamples.Opened("new-2"), AuditSamples.Opened("new-2"));
        Restart(ref log, expectedSequenceNr: 8);
    }

    [Fact]
    public void Nothing_is_confirmed_before_it_is_stored_and_an_empty_delivery_is_confirmed_at_once()
    {
        var log = StartLog();
        Deliver(log, 1);
        log.Tell(new ConsumerController.Delivery<AuditBatch>(new AuditBatch(AuditSamples.OneOfEach()), TestActor, "node-a", 2));
        ExpectMsg<ConsumerController.Confirmed>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
