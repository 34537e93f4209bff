using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Measurements;

/// <summary>
/// What a target's memory grows by per idle logged-in IMAP connection. Two rounds: the first (cold) also pays for
/// one-off growth such as thread pools and runtime heaps; the second, after the first round's connections are gone,
/// is the steady cost per connection. Of the second, the part in the C heap (malloc: OpenSSL's sessions, for one) is
/// told apart from the rest, which in a .NET process is mostly its GC heap; for a .NET target, what its live objects grew
/// by too, as its GC counts them (<see cref="WarmLiveKiB"/>): RSS moves with how much freed memory the GC keeps, this does not.
/// </summary>
public sealed record IdleMemory(int Connections, double ColdRssKiB, double WarmRssKiB, double WarmPssKiB, double WarmMallocKiB, double? WarmLiveKiB = null)
{
    private const int OpeningInParallel = 16;
    private const int BufferSize = 4096;
    private static readonly TimeSpan IdleBeforeReading = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CloseLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromMinutes(3);
    private static readonly ImapDialogue.Command Select = ImapDialogue.Command.Of("s", "SELECT INBOX");
    private static readonly ImapDialogue.Command Fetch = ImapDialogue.Command.Of("f", "FETCH 1 BODY.PEEK[]");

    /// <summary>
    /// <paramref name="settle"/> runs before every reading (see <see cref="Targets.ITarget.SettleMemoryAsync"/>);
    /// <paramref name="afterReading"/>, when given, right after each with its name (round1-before, round1-after, …), to
    /// look into the target (<c>--gcdump</c>) where the reading was taken.
    /// </summary>
    public static async Task<IdleMemory> MeasureAsync(MailEndpoint endpoint, MailUser idler, int connections, ProcessTree target, Func<Task<long?>> settle,
        Func<string, Task>? afterReading = null)
    {
        afterReading ??= _ => Task.CompletedTask;
        var cold = await RoundAsync(endpoint, idler, connections, target, settle, r => afterReading($"round1-{r}"));
        var warm = await RoundAsync(endpoint, idler, connections, target, settle, r => afterReading($"round2-{r}"));
        return new IdleMemory(connections, cold.Rss, warm.Rss, warm.Pss, warm.Malloc, warm.Live);
    }

    private static async Task<(double Rss, double Pss, double Malloc, double? Live)> RoundAsync(MailEndpoint endpoint, MailUser idler, int connections, ProcessTree target, Func<Task<long?>> settle,
        Func<string, Task> afterReading)
    {
        var idleFiles = target.OpenFiles();
        var liveBefore = await settle();
        var rssBefore = target.RssKiB();
        var pssBefore = target.PssKiB();
        var mallocBefore = target.MallocKiB();
        await afterReading("before");
        var open = await OpenAsync(endpoint, ImapDialogue.Command.LogIn(idler), connections);
        try
        {
            await Task.Delay(IdleBeforeReading);
            var liveAfter = await settle();
            double PerConnection(long after, long before) => (after - before) / (double)connections;
            var (rss, pss, malloc) = (target.RssKiB(), target.PssKiB(), target.MallocKiB());
            Console.WriteLine($"  idle memory reading: RSS {rssBefore:N0} → {rss:N0} KiB, malloc {mallocBefore:N0} → {malloc:N0} KiB" +
                (liveBefore is { } lb && liveAfter is { } la ? $", live .NET objects {lb / 1024:N0} → {la / 1024:N0} KiB" : ""));
            await afterReading("after");
            double? live = liveAfter - liveBefore is { } grew ? grew / 1024.0 / connections : null;
            return (PerConnection(rss, rssBefore), PerConnection(pss, pssBefore), PerConnection(malloc, mallocBefore), live);
        }
        finally
        {
            Close(open);
            await WaitUntilClosedAsync(target, idleFiles);
        }
    }

    private static async Task<List<LineSocket>> OpenAsync(MailEndpoint endpoint, ImapDialogue.Command login, int connections)
    {
        var open = new List<LineSocket>(connections);
        using var timeout = new CancellationTokenSource(OpenTimeout);
        var options = new ParallelOptions { MaxDegreeOfParallelism = OpeningInParallel, CancellationToken = timeout.Token };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, connections), options, async (_, ct) =>
            {
                var socket = await LineSocket.ConnectAsync(endpoint, BufferSize, ct);
                lock (open)
                {
                    open.Add(socket);
                }
                await ImapDialogue.LogInAsync(socket, login, ct);
                await ImapDialogue.RunAsync(socket, Select, ct);
                await ImapDialogue.RunAsync(socket, Fetch, ct);
            });
            return open;
        }
        catch
        {
            Close(open);
            throw;
        }
    }

    private static void Close(List<LineSocket> open)
    {
        foreach (var socket in open)
        {
            socket.Dispose();
        }
    }

    /// <summary>The next round, and the next target's, must start from a target that has let go of these connections.</summary>
    private static async Task WaitUntilClosedAsync(ProcessTree target, int idleFiles)
    {
        var deadline = DateTime.UtcNow + CloseLimit;
        while (target.OpenFiles() > idleFiles + OpeningInParallel && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
    }
}
