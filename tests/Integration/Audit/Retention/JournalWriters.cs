using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Sql;
using ActorMailProxy.Audit.Journal;

namespace ActorMailProxy.Integration.Audit.Retention;

/// <summary>
/// An actor system with the nodes' journal configuration (<see cref="JournalSpec.ToHocon"/> over the plugin's defaults)
/// and the audit events' serializer, for <see cref="JournalWriter"/>s; disposing it ends the system, as a node stopping would.
/// </summary>
public sealed class JournalWriters : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly Config Serialization = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.serializers.mailproxy-audit = "ActorMailProxy.Audit.Serialization.AuditSerializer, ActorMailProxy.Audit"
        akka.actor.serialization-bindings {
          "ActorMailProxy.Audit.Events.AuditEvent, ActorMailProxy.Audit" = mailproxy-audit
        }
        """);

    private readonly ActorSystem _system;

    public JournalWriters(JournalSpec journal) =>
        _system = ActorSystem.Create("writers", journal.ToHocon(TimeSpan.FromMilliseconds(200)).WithFallback(Serialization).WithFallback(SqlPersistence.DefaultConfiguration));

    public IActorRef Start(string persistenceId) => _system.ActorOf(JournalWriter.Props(persistenceId));

    /// <summary>Persists <paramref name="count"/> events in one write and returns the last one's sequence number.</summary>
    public static async Task<long> WriteAsync(IActorRef writer, int count) =>
        (await writer.Ask<JournalWriter.Written>(new JournalWriter.Write(count), Wait)).SequenceNr;

    /// <summary>Saves a snapshot and returns its sequence number.</summary>
    public static async Task<long> SnapshotAsync(IActorRef writer) =>
        (await writer.Ask<JournalWriter.Written>(new JournalWriter.Snapshot(), Wait)).SequenceNr;

    /// <summary>The writer's state, once it has recovered (a message waits until then).</summary>
    public static Task<JournalWriter.State> StateAsync(IActorRef writer) => writer.Ask<JournalWriter.State>(new JournalWriter.GetState(), Wait);

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
