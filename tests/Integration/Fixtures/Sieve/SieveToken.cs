namespace ActorMailProxy.Integration.Fixtures.Sieve;

/// <summary>One lexical item of a ManageSieve server line; quoted strings and literals both become <see cref="SieveTokenKind.String"/>.</summary>
internal readonly record struct SieveToken(SieveTokenKind Kind, string Text)
{
    public static readonly SieveToken Open = new(SieveTokenKind.Open, "(");
    public static readonly SieveToken Close = new(SieveTokenKind.Close, ")");

    public bool IsAtom(string text) => Kind == SieveTokenKind.Atom && string.Equals(Text, text, StringComparison.OrdinalIgnoreCase);
}
