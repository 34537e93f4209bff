namespace ActorMailProxy.Integration.Fixtures.Sieve;

/// <summary>
/// A ManageSieve status line: <c>OK</c>, <c>NO</c> or <c>BYE</c>, an optional response code such as
/// <c>(NONEXISTENT)</c> or <c>(SASL "...")</c>, and optional human-readable text.
/// </summary>
public sealed record SieveResponse(SieveResponseKind Kind, string? Code, string? CodeArgument, string? Text)
{
    public bool IsOk => Kind == SieveResponseKind.Ok;

    /// <summary>The status line these tokens form, or null when they are a data line; throws when they start a status line badly.</summary>
    internal static SieveResponse? TryParse(IReadOnlyList<SieveToken> tokens)
    {
        if (tokens.Count == 0 || ParseKind(tokens[0]) is not { } kind)
            return null;

        var i = 1;
        string? code = null, codeArgument = null;
        if (i < tokens.Count && tokens[i].Kind == SieveTokenKind.Open)
        {
            if (i + 1 >= tokens.Count || tokens[i + 1].Kind != SieveTokenKind.Atom)
                throw Malformed(tokens, "a response code must start with an atom");
            code = tokens[i + 1].Text.ToUpperInvariant();
            i += 2;
            if (i < tokens.Count && tokens[i].Kind is SieveTokenKind.String or SieveTokenKind.Atom)
                codeArgument = tokens[i++].Text;
            if (i >= tokens.Count || tokens[i].Kind != SieveTokenKind.Close)
                throw Malformed(tokens, "unterminated response code");
            i++;
        }

        string? text = null;
        if (i < tokens.Count && tokens[i].Kind == SieveTokenKind.String)
            text = tokens[i++].Text;
        if (i != tokens.Count)
            throw Malformed(tokens, "unexpected trailing tokens");
        return new SieveResponse(kind, code, codeArgument, text);
    }

    private static SieveResponseKind? ParseKind(SieveToken first) =>
        first.IsAtom("OK") ? SieveResponseKind.Ok
        : first.IsAtom("NO") ? SieveResponseKind.No
        : first.IsAtom("BYE") ? SieveResponseKind.Bye
        : null;

    private static InvalidDataException Malformed(IReadOnlyList<SieveToken> tokens, string why) =>
        new($"Malformed ManageSieve status line ({why}): {string.Join(' ', tokens.Select(t => t.Text))}");
}
