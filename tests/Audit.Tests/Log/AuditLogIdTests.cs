using Akka.Actor;
using Akka.Configuration;
using Akka.Delivery;
using Akka.TestKit.Xunit2;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Log;

namespace ActorMailProxy.Audit.Tests.Log;

/// <summary>Two logs with different <see cref="AuditLogSettings.LogId"/> on one journal: each its own history and sequence numbers.</summary>
public sealed class AuditLogIdTests() : TestKit(Config)
{
    private static readonly Config Config = ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """);

    private IActorRef StartLog(string logId)
    {
        var controller = CreateTestProbe();
        var log = Sys.ActorOf(AuditLog.Props(controller.Ref, new AuditLogSettings(RecentIds: 100, SnapshotEvery: 1_000, LogId: logId), "0"));
        controller.ExpectMsg<ConsumerController.Start<AuditBatch>>();
        return log;
    }

    private void Deliver(IActorRef log, params AuditEvent[] events)
    {
        log.Tell(new ConsumerController.Delivery<AuditBatch>(new AuditBatch(events), TestActor, "node-a", 1));
        ExpectMsg<ConsumerController.Confirmed>();
    }

    private void StopAndRecover(IActorRef log, string logId, int expectedSequenceNr)
    {
        Watch(log);
        Sys.Stop(log);
        ExpectTerminated(log);
        EventFilter.Info($"Audit log {logId}-0 recovered at sequence number {expectedSequenceNr}: {expectedSequenceNr} recent event ids").ExpectOne(() => StartLog(logId));
    }

    [Fact]
    public void Logs_with_different_ids_keep_apart_on_one_journal()
    {
        var pop = StartLog("audit-log@0.0.0.0-110");
        var imap = StartLog("audit-log@0.0.0.0-143");
        Deliver(pop, AuditSamples.Opened("p1"), AuditSamples.Opened("p2"));
        Deliver(imap, AuditSamples.Opened("i1"), AuditSamples.Opened("i2"), AuditSamples.Opened("i3"));

        StopAndRecover(pop, "audit-log@0.0.0.0-110", expectedSequenceNr: 2);
        StopAndRecover(imap, "audit-log@0.0.0.0-143", expectedSequenceNr: 3);
    }
}
