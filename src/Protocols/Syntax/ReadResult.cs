namespace ActorMailProxy.Protocols.Syntax;

/// <summary>What <see cref="CommandReader"/> found in the input.</summary>
public abstract record ReadResult
{
    private ReadResult() { }

    /// <summary>Nothing complete yet: read more from the peer.</summary>
    public sealed record NeedMore : ReadResult
    {
        public static readonly NeedMore Instance = new();
    }

    /// <summary>A synchronising literal was announced: send the continuation request, then read again.</summary>
    public sealed record LiteralAnnounced(string? Tag) : ReadResult;

    public sealed record Complete(IReadOnlyList<CommandSegment> Segments) : ReadResult;

    /// <summary>A line longer than allowed; the rest of it is being discarded.</summary>
    public sealed record LineTooLong(string? Tag) : ReadResult;

    /// <summary>A literal (or the whole command) over the bound. A non-synchronising one is already on its way: close.</summary>
    public sealed record LiteralTooLarge(string? Tag, bool NonSynchronizing) : ReadResult;
}
