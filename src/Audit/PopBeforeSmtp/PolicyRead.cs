namespace ActorMailProxy.Audit.PopBeforeSmtp;

/// <summary>What <see cref="PolicyRequestReader.Read"/> found in the bytes it was given.</summary>
public abstract record PolicyRead
{
    private PolicyRead()
    {
    }

    /// <summary>A request ended with its empty line; bytes after it are left for the next call.</summary>
    public sealed record Complete(PolicyRequest Request) : PolicyRead;

    /// <summary>Every byte was taken and no request ended yet.</summary>
    public sealed record NeedMore : PolicyRead
    {
        public static readonly NeedMore Instance = new();
    }

    /// <summary>The stream broke the protocol or a bound; the connection must close without a reply.</summary>
    public sealed record Malformed(PolicyMalformation Reason) : PolicyRead;
}
