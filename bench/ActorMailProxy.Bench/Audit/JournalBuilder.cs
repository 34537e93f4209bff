using System.Diagnostics;
using System.Threading.Channels;
using Akka.Actor;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.ReadModel;
using ActorMailProxy.Audit.Serialization;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Bench.Audit;

/// <summary>
/// How big a history the scale bench writes: <paramref name="Events"/> (rounded down to whole sessions of three) over
/// <paramref name="Days"/>, spread round robin over <paramref name="PersistenceIds"/> (the log's partitions).
/// </summary>
public sealed record JournalBuildSettings(long Events, int Days, IReadOnlyList<string> PersistenceIds, int Users = 3_000, int Addresses = 5_000, double FailedShare = 0.10);

/// <summary>What a build wrote and how long each step took.</summary>
public sealed record JournalBuild(long Events, KnownLogin Known, TimeSpan Took, IReadOnlyList<(string Step, TimeSpan Took)> Steps, long Bytes)
{
    public TimeSpan RowsTook => Steps.First(s => s.Step == JournalBuilder.RowsStep).Took;

    /// <summary>Events (each a journal row) written per second.</summary>
    public double EventsPerSecond => Events / RowsTook.TotalSeconds;
}

/// <summary>
/// Builds a journal as a long-running cluster would have left it, written directly in the journal's own format: the
/// tables made by the proxy itself (<see cref="JournalSchema"/>); journal rows of <see cref="SessionHistory"/>'s
/// sessions, each event serialized by the proxy's own <see cref="AuditSerializer"/>, <c>ordering</c> ascending with the
/// events' time, <c>created</c> their write time; per persistence id a snapshot as the log saves one (its recent event
/// ids) at its last sequence number; and last the known login, ten minutes before the build ends.
/// </summary>
public static class JournalBuilder
{
    public const string TablesStep = "tables (the proxy's own auto-initialize)";
    public const string RowsStep = "journal rows";
    public const string SnapshotsStep = "a snapshot per persistence id";
    public const string ReadModelStep = "audit index: a row per event, its offset at the last";
    public const string FinishStep = "finish (PostgreSQL: ordering sequence, ANALYZE)";

    private const int BatchRows = 20_000;
    private const long ProgressEvery = 1_000_000;

    /// <summary>How long before the end of the build the known user logs in: the policy must still answer OK for it after the restart.</summary>
    public static readonly TimeSpan KnownLoginAge = TimeSpan.FromMinutes(10);

    public static async Task<JournalBuild> BuildAsync(JournalSpec journal, JournalBuildSettings settings, string assembly, string workDir)
    {
        var clock = Stopwatch.StartNew();
        var steps = new List<(string, TimeSpan)>();
        async Task Step(string name, Func<Task> run)
        {
            var started = clock.Elapsed;
            Console.WriteLine($"{journal.Kind()} journal: {name} …");
            await run();
            steps.Add((name, clock.Elapsed - started));
            Console.WriteLine($"{journal.Kind()} journal: {name} took {(clock.Elapsed - started).TotalSeconds:0.0} s");
        }

        await Step(TablesStep, () => JournalSchema.CreateAsync(journal, assembly, workDir));
        await using var writer = journal switch
        {
            JournalSpec.Sqlite s => new SqliteJournalWriter(s.Path),
            JournalSpec.Postgres p => (IJournalWriter)await PostgresJournalWriter.OpenAsync(p.ConnectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(journal)),
        };
        using var system = ActorSystem.Create("bench-journal", "akka.actor.provider = local\nakka.loglevel = OFF\nakka.stdout-loglevel = OFF");
        var rows = new RowMaker(new AuditSerializer((ExtendedActorSystem)system), settings.PersistenceIds, HoconSeed.AuditLog(HoconSeed.Reference).RecentIds);
        KnownLogin? known = null;
        await Step(RowsStep, async () => known = await WriteRowsAsync(writer, rows, settings));
        await Step(SnapshotsStep, async () =>
        {
            foreach (var snapshot in rows.Snapshots())
            {
                await writer.WriteSnapshotAsync(snapshot);
            }
        });
        await Step(ReadModelStep, () => WriteAuditIndexAsync(journal));
        await Step(FinishStep, () => writer.FinishAsync(rows.Ordering));
        return new JournalBuild(rows.Ordering, known!, clock.Elapsed, steps, await JournalReads.SizeBytesAsync(journal));
    }

    /// <summary>
    /// The audit index as its projection would have left it after the history: a row per event, written from the
    /// journal rows just made (read back by ordering and decoded as the proxy does), and its offset at the last one.
    /// </summary>
    private static async Task WriteAuditIndexAsync(JournalSpec journal)
    {
        await AuditIndexTables.CreateAsync(journal, CancellationToken.None);
        await using var connection = JournalDatabase.Open(journal);
        await connection.OpenAsync();
        var after = 0L;
        while (true)
        {
            var rows = new List<AuditIndexRow>(IndexBatch);
            await using (var read = JournalDatabase.Command(connection, "SELECT ordering, message FROM journal WHERE ordering > @after ORDER BY ordering LIMIT @n",
                ("after", after), ("n", IndexBatch)))
            await using (var reader = await read.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add(AuditIndexRow.From(reader.GetInt64(0), AuditJson.FromUtf8((byte[])reader.GetValue(1))));
                }
            }
            if (rows.Count == 0)
            {
                return;
            }
            after = rows[^1].Ordering;
            await AuditIndexTables.WriteAsync(journal, rows, after, CancellationToken.None);
        }
    }

    private const int IndexBatch = 10_000;

    /// <summary>Events are made and serialized on one thread while the database takes the previous batch on another.</summary>
    private static async Task<KnownLogin> WriteRowsAsync(IJournalWriter writer, RowMaker rows, JournalBuildSettings settings)
    {
        var batches = Channel.CreateBounded<List<JournalRow>>(4);
        var end = DateTimeOffset.UtcNow - KnownLoginAge;
        var history = new SessionHistory(settings.Users, settings.Addresses, settings.FailedShare);
        // The known session is the last of the history: three of the events.
        var sessions = Math.Max(0, settings.Events / 3 - 1);
        var producer = Task.Run(async () =>
        {
            try
            {
                var batch = new List<JournalRow>(BatchRows);
                foreach (var session in history.Sessions(sessions, end - TimeSpan.FromDays(settings.Days), end))
                {
                    batch = await AddAsync(batch, session);
                }
                // Made now, after every other row: the build may take minutes, and the login must stay ten minutes old.
                var (events, login) = SessionHistory.Known(DateTimeOffset.UtcNow - KnownLoginAge);
                batch = await AddAsync(batch, events);
                await batches.Writer.WriteAsync(batch);
                batches.Writer.Complete();
                return login;
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
                throw;
            }
        });
        var clock = Stopwatch.StartNew();
        // The time the database took: the rest is the writer waiting for events to be made.
        var database = new Stopwatch();
        long written = 0;
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync())
            {
                database.Start();
                await writer.WriteAsync(batch);
                database.Stop();
                var before = written;
                written += batch.Count;
                if (written / ProgressEvery > before / ProgressEvery)
                {
                    Console.WriteLine($"  {written:N0} events written, {written / clock.Elapsed.TotalSeconds:N0}/s, the database busy {database.Elapsed / clock.Elapsed:P0} of the time");
                }
            }
            Console.WriteLine($"  {written:N0} events written in {clock.Elapsed.TotalSeconds:0.0} s, the database busy {database.Elapsed.TotalSeconds:0.0} s of it");
        }
        catch (Exception e)
        {
            // The producer, waiting for room in the channel, gives up too.
            batches.Writer.TryComplete(e);
            throw;
        }
        return await producer;

        async Task<List<JournalRow>> AddAsync(List<JournalRow> batch, IReadOnlyList<AuditEvent> events)
        {
            foreach (var e in events)
            {
                batch.Add(rows.Next(e));
            }
            if (batch.Count < BatchRows)
            {
                return batch;
            }
            await batches.Writer.WriteAsync(batch);
            return new List<JournalRow>(BatchRows);
        }
    }

    /// <summary>Numbers the events as the journal would (ordering, each persistence id's sequence) and keeps what each log's snapshot needs.</summary>
    private sealed class RowMaker(AuditSerializer serializer, IReadOnlyList<string> persistenceIds, int recentIds)
    {
        private static readonly long WriteDelay = TimeSpan.FromMilliseconds(3).Ticks;

        private readonly long[] _sequence = new long[persistenceIds.Count];
        private readonly long[] _created = new long[persistenceIds.Count];
        private readonly Queue<string>[] _recent = [.. persistenceIds.Select(_ => new Queue<string>(recentIds))];
        private readonly string[] _writers = [.. persistenceIds.Select(_ => Guid.NewGuid().ToString("N"))];

        public long Ordering { get; private set; }

        public JournalRow Next(AuditEvent e)
        {
            var log = (int)(Ordering++ % persistenceIds.Count);
            var created = e.Time.UtcTicks + WriteDelay;
            _created[log] = created;
            var recent = _recent[log];
            recent.Enqueue(e.EventId);
            if (recent.Count > recentIds)
            {
                recent.Dequeue();
            }
            return new JournalRow(Ordering, created, persistenceIds[log], ++_sequence[log], serializer.ToBinary(e), serializer.Manifest(e), _writers[log],
                $";{string.Join(';', AuditLog.TagsOf(e))};");
        }

        /// <summary>Each log's state as it would snapshot it after its last event: the ids it remembers, oldest first.</summary>
        public IEnumerable<SnapshotRow> Snapshots()
        {
            for (var log = 0; log < persistenceIds.Count; log++)
            {
                if (_sequence[log] > 0)
                {
                    var snapshot = new AuditLogSnapshot([.. _recent[log]]);
                    yield return new SnapshotRow(persistenceIds[log], _sequence[log], _created[log], serializer.ToBinary(snapshot), serializer.Manifest(snapshot));
                }
            }
        }
    }
}
