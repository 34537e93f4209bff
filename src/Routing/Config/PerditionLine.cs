namespace ActorMailProxy.Routing.Config;

/// <summary>One logical line of a perdition-format file: <c>&lt;key&gt; &lt;value&gt;</c>, quotes and escapes resolved.</summary>
/// <param name="LineNumber">1-based physical line on which the key starts.</param>
/// <param name="Key">The first token.</param>
/// <param name="Value">The rest of the line; unquoted whitespace around it trimmed, whitespace inside kept.</param>
public sealed record PerditionLine(int LineNumber, string Key, string Value);
