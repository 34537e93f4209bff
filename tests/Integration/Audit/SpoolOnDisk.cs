using ActorMailProxy.Audit.Spool;

namespace ActorMailProxy.Integration.Audit;

/// <summary>
/// A node's audit spool read from outside, as its next run would read it: the events the log has not confirmed yet.
/// The node may be writing or deleting meanwhile: a file gone or a line half written is read again on the next poll.
/// </summary>
public static class SpoolOnDisk
{
    /// <summary>What the spool holds unconfirmed now.</summary>
    public static SpoolLeftovers Read(string directory)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return AuditSpool.Peek(directory);
            }
            catch (IOException) when (attempt < 10)
            {
            }
        }
    }

    /// <summary>The segment files in the directory now.</summary>
    public static int Segments(string directory) => Directory.EnumerateFiles(directory, "*" + SpoolSegment.Extension).Count();

    /// <summary>Polls until <paramref name="done"/> holds for what the spool holds unconfirmed; returns the last read.</summary>
    public static async Task<SpoolLeftovers> WaitForAsync(string directory, Func<SpoolLeftovers, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var read = Read(directory);
            if (done(read) || DateTime.UtcNow > deadline)
            {
                return read;
            }
            await Task.Delay(50);
        }
    }
}
