namespace ActorMailProxy.Routing.Config;

/// <summary>A syntax error in a perdition-format file, at the 1-based line where the offending construct starts.</summary>
public sealed record PerditionLexError(int LineNumber, string Message)
{
    public override string ToString() => $"line {LineNumber}: {Message}";
}
