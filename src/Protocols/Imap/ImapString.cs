namespace ActorMailProxy.Protocols.Imap;

/// <summary>How one string argument goes to an IMAP server: quoted when it is plain 7-bit text, a literal otherwise.</summary>
public abstract record ImapString
{
    private ImapString() { }

    public sealed record Quoted(byte[] Bytes) : ImapString;

    public sealed record Literal(byte[] Value) : ImapString;

    /// <summary>Null when the value cannot be sent at all (a NUL byte: IMAP strings cannot hold one).</summary>
    public static ImapString? Encode(ReadOnlySpan<byte> value)
    {
        if (value.IndexOf((byte)0) >= 0)
        {
            return null;
        }
        if (value.Length > 1024 || value.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7e) >= 0)
        {
            return new Literal(value.ToArray());
        }
        var quoted = new List<byte>(value.Length + 2) { (byte)'"' };
        foreach (var b in value)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                quoted.Add((byte)'\\');
            }
            quoted.Add(b);
        }
        quoted.Add((byte)'"');
        return new Quoted([.. quoted]);
    }
}
