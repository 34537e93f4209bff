using System.Text;

namespace ActorMailProxy.Protocols.Syntax;

/// <summary>One argument of an IMAP or ManageSieve command line.</summary>
public abstract record Token
{
    private Token() { }

    public sealed record Atom(string Value) : Token;

    public sealed record Quoted(byte[] Value) : Token;

    public sealed record Literal(byte[] Value) : Token;

    public sealed record List(IReadOnlyList<Token> Items) : Token;

    public bool IsNil => this is Atom { Value: var v } && v.Equals("NIL", StringComparison.OrdinalIgnoreCase);

    /// <summary>IMAP astring / ManageSieve string value: an atom, a quoted string or a literal.</summary>
    public byte[]? StringBytes(bool atomAllowed = true) => this switch
    {
        Atom a when atomAllowed => Encoding.UTF8.GetBytes(a.Value),
        Quoted q => q.Value,
        Literal l => l.Value,
        _ => null,
    };

    public string? StringValue(bool atomAllowed = true) => StringBytes(atomAllowed) is { } b ? Encoding.UTF8.GetString(b) : null;
}
