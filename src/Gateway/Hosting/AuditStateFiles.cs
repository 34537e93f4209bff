using ActorMailProxy.Audit;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Hosting;

/// <summary>
/// Makes the audit state's places before the actor system opens them: the state directory (0700) when the journal or
/// the spool is in it, and a SQLite journal's file (0600; SQLite gives its -wal and -shm files the same mode), which
/// SQLite would otherwise create with the umask's 0644 for anyone to read the users and addresses in it.
/// </summary>
public static class AuditStateFiles
{
    /// <summary>IOException or UnauthorizedAccessException when a place cannot be made: the node does not start.</summary>
    public static void Prepare(ProxyOptions options)
    {
        var journalFile = options.Journal is JournalSpec.Sqlite sqlite ? sqlite.Path : null;
        var inStateDirectory = new[] { journalFile, options.AuditSpool }
            .Any(path => path is not null && Path.GetDirectoryName(path) == options.StateDirectory);
        if (inStateDirectory && !Directory.Exists(options.StateDirectory))
        {
            OwnerOnly.CreateDirectory(options.StateDirectory);
        }
        if (journalFile is not null)
        {
            CreateIfMissing(journalFile);
        }
    }

    /// <summary>
    /// An empty file is an empty SQLite database. A journal in a directory that does not exist is left to SQLite to
    /// report, as before; a file another process creates meanwhile is theirs.
    /// </summary>
    private static void CreateIfMissing(string path)
    {
        if (File.Exists(path) || Path.GetDirectoryName(path) is not { } directory || !Directory.Exists(directory))
        {
            return;
        }
        try
        {
            OwnerOnly.Open(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite).Dispose();
        }
        catch (IOException) when (File.Exists(path))
        {
        }
    }
}
