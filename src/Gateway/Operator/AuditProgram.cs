using System.Globalization;
using System.Runtime.InteropServices;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.ReadModel;
using ActorMailProxy.Audit.Retention;
using ActorMailProxy.Audit.Serialization;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>
/// <c>actormailproxy audit …</c>: find the journal as a node would, check it holds the audit log, print the events
/// asked for or delete the expired ones. Exit 0 when done (and when stopped by Ctrl+C or SIGTERM while following), 1 when the journal is missing,
/// empty or unreachable, 2 on bad usage. No stack trace and no password reach the operator.
/// </summary>
public static class AuditProgram
{
    /// <summary>How long the journal's database has to answer the first look at it.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(IReadOnlyList<string> args) => AuditCommandLine.Parse(args, DateTimeOffset.UtcNow) switch
    {
        AuditParse.Help => Help(),
        AuditParse.Invalid invalid => UsageError(invalid.Errors),
        AuditParse.Run run => await LoadAndRunAsync(run),
        _ => 2,
    };

    /// <summary>The options as a node reads them (--config, -f, MAILPROXY_JOURNAL, the command line), for its journal.</summary>
    private static async Task<int> LoadAndRunAsync(AuditParse.Run run) => OptionsLoader.Load(run.OptionArgs) switch
    {
        LoadResult.Ready ready => await RunAsync(run.Command, ready.Options),
        LoadResult.Invalid invalid => UsageError(invalid.Errors),
        _ => Help(),
    };

    private static async Task<int> RunAsync(AuditCommand command, ProxyOptions options)
    {
        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOn(stop));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOn(stop));
        var journal = options.Journal;
        try
        {
            using var probeTime = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            probeTime.CancelAfter(ProbeTimeout);
            var problem = await JournalProbe.CheckAsync(journal, probeTime.Token) switch
            {
                JournalCheck.Empty empty => empty.Reason,
                JournalCheck.Unreachable unreachable => unreachable.Reason,
                JournalCheck.Older older when command is not AuditCommand.Prune => older.Reason,
                _ => null,
            };
            if (problem is not null)
            {
                return Failed(problem);
            }
            if (command is AuditCommand.Prune prune)
            {
                return await PruneAsync(prune, options, stop.Token);
            }
            var printer = AuditPrinter.ToStandardOutput(command.Json);
            // A search through the index reads the journal's rows itself: no actor system to start, which took most of its time.
            if (command is AuditCommand.Query query && await QueryIndexAsync(query, journal, printer, stop.Token) is { } searched)
            {
                return searched;
            }
            await using var reader = AuditJournalReader.Start(options.Akka, options.Debug);
            return command switch
            {
                AuditCommand.Tail tail => await TailAsync(tail, journal, reader, printer, stop.Token),
                AuditCommand.Query whole => await QueryLogAsync(whole, reader, printer, stop.Token),
                _ => 2,
            };
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (OperationCanceledException)
        {
            return Failed($"the audit journal {journal.Describe()} did not answer within {ProbeTimeout.TotalSeconds:0} s");
        }
        catch (Exception e)
        {
            // Whatever the journal plugin or its driver throws is the operator's reason to look at the database, never a stack trace.
            return Failed(JournalProbe.CannotRead(journal, e));
        }
    }

    /// <summary>The sweeps the nodes' retention runs, once, with the operator's cutoff: a line for each with how many rows went.</summary>
    private static async Task<int> PruneAsync(AuditCommand.Prune prune, ProxyOptions options, CancellationToken stop)
    {
        var before = prune.Before.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        try
        {
            foreach (var sweep in AuditRetention.Sweeps(options.Journal))
            {
                var deleted = await sweep.SweepAsync(prune.Before, options.AuditRetention.Batch, stop);
                Console.Out.WriteLine($"Deleted {deleted} {sweep.Name} older than {before}");
            }
            return 0;
        }
        catch (RetentionSweepException e)
        {
            return Failed(e.Message);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return Failed("audit prune interrupted: what it deleted stays deleted, the rest is there for the next run");
        }
    }

    /// <summary>The newest events (starting where the journal says they begin, so the log is not read whole), then, following, every new one.</summary>
    private static async Task<int> TailAsync(AuditCommand.Tail tail, JournalSpec journal, AuditJournalReader reader, AuditPrinter printer, CancellationToken stop)
    {
        var after = await JournalProbe.OffsetBeforeLastAsync(journal, AuditLog.Tag, tail.Count, stop);
        var newest = new Queue<JournaledEvent>();
        await foreach (var stored in reader.Stored(after).WithCancellation(stop))
        {
            newest.Enqueue(stored);
            after = stored.Offset;
            if (newest.Count > tail.Count)
            {
                newest.Dequeue();
            }
        }
        if (!newest.All(e => printer.Print(e.Event)) || !printer.Flush() || !tail.Follow)
        {
            return 0;
        }
        await foreach (var stored in reader.Live(after).WithCancellation(stop))
        {
            // Each line as it comes: whoever follows is watching.
            if (!printer.Print(stored.Event) || !printer.Flush())
            {
                break;
            }
        }
        return 0;
    }

    /// <summary>
    /// The matching events through the audit index, then those stored after what the index holds (it may lag by its
    /// current batch), read from the log's rows and filtered here; null when the journal has no index yet.
    /// </summary>
    private static async Task<int?> QueryIndexAsync(AuditCommand.Query query, JournalSpec journal, AuditPrinter printer, CancellationToken stop)
    {
        var index = new AuditIndexSearch(journal, DecodeAudit);
        if (await index.OffsetAsync(stop) is not { } indexed)
        {
            return null;
        }
        try
        {
            var after = indexed;
            await foreach (var (ordering, e) in index.FindAsync(query.Filter, stop))
            {
                after = Math.Max(after, ordering);
                if (!printer.Print(e))
                {
                    return 0;
                }
            }
            await PrintMatchingAsync(index.StoredAfterAsync(after, stop), stored => stored.Event, query, printer, stop);
            return 0;
        }
        finally
        {
            printer.Flush();
        }
    }

    /// <summary>A journal without the index (no node of this version has started on it): the whole log, read and filtered here.</summary>
    private static async Task<int> QueryLogAsync(AuditCommand.Query query, AuditJournalReader reader, AuditPrinter printer, CancellationToken stop)
    {
        Console.Error.WriteLine("actormailproxy: this journal has no audit index yet (a node of this version builds it): reading the whole log");
        try
        {
            await PrintMatchingAsync(reader.Stored(0), stored => stored.Event, query, printer, stop);
            return 0;
        }
        finally
        {
            printer.Flush();
        }
    }

    /// <summary>The events of <paramref name="stored"/> the query's filter matches, until the printer's reader goes away.</summary>
    private static async Task PrintMatchingAsync<T>(IAsyncEnumerable<T> stored, Func<T, AuditEvent> eventOf, AuditCommand.Query query, AuditPrinter printer, CancellationToken stop)
    {
        await foreach (var item in stored.WithCancellation(stop))
        {
            var e = eventOf(item);
            if (query.Filter.Matches(e) && !printer.Print(e))
            {
                return;
            }
        }
    }

    /// <summary>A journal row of the audit log: every one is written by <see cref="AuditSerializer"/> (the nodes bind it to the audit types).</summary>
    private static object DecodeAudit(byte[] message, int serializer, string manifest) => serializer == AuditSerializer.SerializerId
        ? AuditSerializer.Read(message, manifest)
        : throw new InvalidOperationException($"an event of the audit log is stored by serializer {serializer}, not the audit serializer ({AuditSerializer.SerializerId})");

    /// <summary>Ctrl+C and SIGTERM end a follow as its normal end: the handler keeps the runtime from exiting at once.</summary>
    private static Action<PosixSignalContext> StopOn(CancellationTokenSource stop) => context =>
    {
        context.Cancel = true;
        stop.Cancel();
    };

    private static int Failed(string reason)
    {
        Console.Error.WriteLine($"actormailproxy: {reason}");
        return 1;
    }

    private static int Help() => UsageExit.Help(AuditCommandLine.Usage);

    private static int UsageError(IEnumerable<string> errors) => UsageExit.Error(errors, "Try 'actormailproxy audit --help' for the audit commands.");
}
