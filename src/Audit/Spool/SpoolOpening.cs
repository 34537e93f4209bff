namespace ActorMailProxy.Audit.Spool;

/// <summary>How opening a spool directory went: opened (and locked for this process), held by another running process, or failed.</summary>
public abstract record SpoolOpening
{
    private SpoolOpening() { }

    public sealed record Opened(AuditSpool Spool) : SpoolOpening;

    /// <summary>Another live process holds the directory's lock: a second writer would undo what the first relies on.</summary>
    public sealed record Held(string Directory) : SpoolOpening;

    /// <summary>The directory could not be created, locked or read; <paramref name="Reason"/> says why.</summary>
    public sealed record Failed(string Directory, string Reason) : SpoolOpening;
}
