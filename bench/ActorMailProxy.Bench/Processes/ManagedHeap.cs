using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace ActorMailProxy.Bench.Processes;

/// <summary>
/// Makes another .NET process run a full blocking GC, the way dotnet-gcdump does: an EventPipe session that asks for
/// the runtime's GCHeapCollect keyword. Without it, a reading of the proxy's memory includes whatever garbage its last
/// gen0 budget (tens of MB on this CPU) left, which swings a per-connection figure by ±30 KiB.
/// </summary>
public static class ManagedHeap
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const long GcHeapCollectKeyword = 0x800000;

    // The GC runs within a few hundred ms of the session starting; the rest lets the GC give back freed regions.
    private static readonly TimeSpan Collecting = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan Decommitting = TimeSpan.FromSeconds(1);

    public static async Task CollectAsync(int pid)
    {
        var client = new DiagnosticsClient(pid);
        using (var session = await client.StartEventPipeSessionAsync([new EventPipeProvider(RuntimeProvider, EventLevel.Informational, GcHeapCollectKeyword)], requestRundown: false, token: CancellationToken.None))
        {
            // Read to its end so the session closes cleanly; nothing in it is needed.
            var drained = session.EventStream.CopyToAsync(Stream.Null);
            await Task.Delay(Collecting);
            await session.StopAsync(CancellationToken.None);
            await drained;
        }
        await Task.Delay(Decommitting);
    }
}
