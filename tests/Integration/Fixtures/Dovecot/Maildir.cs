namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>Creates users' maildirs and delivers into them the way an MDA does: write in tmp/, then rename into new/.</summary>
internal static class Maildir
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static long _sequence;

    public static void Create(string home, string maildir, MailOwner owner)
    {
        foreach (var dir in new[] { home, maildir, Path.Combine(maildir, "cur"), Path.Combine(maildir, "new"), Path.Combine(maildir, "tmp") })
        {
            Directory.CreateDirectory(dir, Private);
            Libc.Chown(dir, owner);
        }
    }

    public static async Task DeliverAsync(string maildir, byte[] message, MailOwner owner)
    {
        // Dovecot orders new mail by the seconds, then the M-number, in the file name; a process-wide sequence keeps delivery order.
        var name = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.M{Interlocked.Increment(ref _sequence)}P{Environment.ProcessId}.actormailproxy-fixture";
        var staged = Path.Combine(maildir, "tmp", name);
        await File.WriteAllBytesAsync(staged, message);
        Libc.Chown(staged, owner);
        File.Move(staged, Path.Combine(maildir, "new", name));
    }
}
