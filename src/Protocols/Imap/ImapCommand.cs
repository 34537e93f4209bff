using ActorMailProxy.Protocols.Syntax;

namespace ActorMailProxy.Protocols.Imap;

/// <summary>A tagged IMAP command: <c>tag SP name [SP args]</c>.</summary>
public sealed record ImapCommand(string Tag, string Name, IReadOnlyList<Token> Arguments)
{
    /// <summary>Parses tokens into a command; null when there is no valid tag or name.</summary>
    public static ImapCommand? From(IReadOnlyList<Token> tokens)
    {
        if (tokens.Count < 2 || tokens[0] is not Token.Atom tag || !Tokenizer.IsValidTag(System.Text.Encoding.UTF8.GetBytes(tag.Value))
            || tokens[1] is not Token.Atom name)
        {
            return null;
        }
        return new ImapCommand(tag.Value, name.Value.ToUpperInvariant(), [.. tokens.Skip(2)]);
    }
}
