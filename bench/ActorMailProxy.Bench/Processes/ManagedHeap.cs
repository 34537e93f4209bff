using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace ActorMailProxy.Bench.Processes;

/// <summary>
/// Makes another .NET process run a full blocking GC, the way dotnet-gcdump does: an EventPipe session that asks for
/// the runtime's GCHeapCollect keyword. Without it, a reading of the proxy's memory includes whatever garbage its last
/// gen0 budget (tens of MB on this CPU) left, which swings a per-connection figure by ±30 KiB. The same session carries
/// the GC's own statistics of that collection: the bytes of objects it found alive.
/// </summary>
public static class ManagedHeap
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const long GcKeyword = 0x1;
    private const long GcHeapCollectKeyword = 0x800000;

    // The GC runs within a few hundred ms of the session starting; the rest lets the GC give back freed regions.
    private static readonly TimeSpan Collecting = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan Decommitting = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs the GC in process <paramref name="pid"/>; returns the bytes of objects alive after it (what it promoted,
    /// all generations and the large and pinned heaps), or null when its statistics did not come.
    /// </summary>
    public static async Task<long?> CollectAsync(int pid)
    {
        var client = new DiagnosticsClient(pid);
        long? live = null;
        using (var session = await client.StartEventPipeSessionAsync(
            [new EventPipeProvider(RuntimeProvider, EventLevel.Informational, GcKeyword | GcHeapCollectKeyword)], requestRundown: false, token: CancellationToken.None))
        {
            // Read to its end so the session closes cleanly; of it, only the full collections' heap statistics matter.
            using var source = new EventPipeEventSource(session.EventStream);
            var fullCollection = false;
            source.Clr.GCStart += (GCStartTraceData e) => fullCollection = e.Depth == 2;
            source.Clr.GCHeapStats += (GCHeapStatsTraceData e) =>
            {
                if (fullCollection)
                {
                    live = e.TotalPromoted;
                }
            };
            var reading = Task.Run(source.Process);
            await Task.Delay(Collecting);
            await session.StopAsync(CancellationToken.None);
            await reading;
        }
        await Task.Delay(Decommitting);
        return live;
    }
}
