namespace ActorMailProxy.Protocols.Imap;

/// <summary>One server response line: untagged (<c>*</c>), a continuation (<c>+</c>) or tagged, with its status and text.</summary>
public sealed record ImapResponse(string Tag, string Status, string Text)
{
    public bool IsUntagged => Tag == "*";

    public bool IsContinuation => Tag == "+";

    public static ImapResponse Parse(ReadOnlySpan<byte> line)
    {
        var text = Ascii.Text(line);
        var first = text.IndexOf(' ');
        if (first < 0)
        {
            return new ImapResponse(text, "", "");
        }
        var tag = text[..first];
        if (tag == "+")
        {
            return new ImapResponse(tag, "", text[(first + 1)..]);
        }
        var rest = text[(first + 1)..];
        var second = rest.IndexOf(' ');
        return second < 0
            ? new ImapResponse(tag, rest.ToUpperInvariant(), "")
            : new ImapResponse(tag, rest[..second].ToUpperInvariant(), rest[(second + 1)..]);
    }

    /// <summary>The capabilities in a <c>[CAPABILITY …]</c> response code at the start of the text, if there is one.</summary>
    public string? CapabilityCode()
    {
        const string prefix = "[CAPABILITY ";
        if (!Text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var end = Text.IndexOf(']');
        return end < 0 ? null : Text[prefix.Length..end];
    }

    public static bool HasCapability(string? capabilities, string name) =>
        capabilities is not null && capabilities.Split(' ').Any(c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
}
