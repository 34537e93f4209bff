using Akka.Actor;
using Akka.Configuration;
using Akka.Delivery;
using Akka.Persistence.Sql;
using Akka.TestKit.Xunit2;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Log;

namespace ActorMailProxy.Audit.Tests;

/// <summary>A test kit whose actor system has a real SQLite journal of its own (a new file per test, in WAL mode, as a node prepares it).</summary>
public abstract class SqliteJournalTestKit : TestKit
{
    private static readonly string Dir = Directory.CreateTempSubdirectory("amp-journal-").FullName;

    protected SqliteJournalTestKit() : this(ConfigurationFactory.ParseString("akka.loglevel = INFO"))
    {
    }

    /// <param name="system">The rest of the actor system's configuration (a cluster of one, say).</param>
    protected SqliteJournalTestKit(Config system) : this(new JournalSpec.Sqlite(Path.Combine(Dir, $"{Guid.NewGuid():N}.db")), system)
    {
    }

    private SqliteJournalTestKit(JournalSpec journal, Config system) : base(journal.ToHocon(TimeSpan.FromMilliseconds(50))
        .WithFallback(system)
        .WithFallback(SqlPersistence.DefaultConfiguration))
    {
        Journal = journal;
        JournalDatabase.PrepareAsync(journal, CancellationToken.None).GetAwaiter().GetResult();
    }

    protected JournalSpec Journal { get; }

    /// <summary>Stores <paramref name="events"/> through a real audit log, delivered as one batch, and stops the log.</summary>
    protected void Store(params AuditEvent[] events)
    {
        var controller = CreateTestProbe();
        var log = Sys.ActorOf(AuditLog.Props(controller.Ref, new AuditLogSettings(), "0"));
        controller.ExpectMsg<ConsumerController.Start<AuditBatch>>();
        log.Tell(new ConsumerController.Delivery<AuditBatch>(new AuditBatch(events), TestActor, "node-a", 1));
        ExpectMsg<ConsumerController.Confirmed>(TimeSpan.FromSeconds(10));
        Watch(log);
        Sys.Stop(log);
        ExpectTerminated(log);
    }

    /// <summary>Runs <paramref name="sql"/> on the journal's database, e.g. to age rows as months of history would.</summary>
    protected async Task<long> ExecuteAsync(string sql)
    {
        await using var connection = JournalDatabase.Open(Journal);
        await connection.OpenAsync();
        await using var command = JournalDatabase.Command(connection, sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
