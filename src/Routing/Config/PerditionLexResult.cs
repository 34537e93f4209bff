namespace ActorMailProxy.Routing.Config;

/// <summary>Every logical line of a file and every error in it, so a caller can report all problems at once.</summary>
public sealed record PerditionLexResult(IReadOnlyList<PerditionLine> Lines, IReadOnlyList<PerditionLexError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
