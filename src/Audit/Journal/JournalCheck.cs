namespace ActorMailProxy.Audit.Journal;

/// <summary>What <see cref="JournalProbe"/> found where the journal should be; each but <see cref="Ready"/> says why not, for the operator.</summary>
public abstract record JournalCheck
{
    private JournalCheck() { }

    /// <summary>The audit log's tables are there to read.</summary>
    public sealed record Ready : JournalCheck;

    /// <summary>The database answers but holds no audit log (no SQLite file, or no tables): no node has written to it.</summary>
    public sealed record Empty(string Reason) : JournalCheck;

    /// <summary>A journal an older version wrote, not upgraded yet (its tags still in the tags table): a node of this version upgrades it as it starts.</summary>
    public sealed record Older(string Reason) : JournalCheck;

    /// <summary>The database did not answer or refused us.</summary>
    public sealed record Unreachable(string Reason) : JournalCheck;
}
