using System.Text;

namespace ActorMailProxy.Integration.Fixtures.Sieve;

/// <summary>Builds one client line: atoms and strings separated by single spaces, literals as <c>{n+}</c>, ending in CRLF.</summary>
internal sealed class SieveCommand
{
    private readonly MemoryStream _bytes = new();

    public SieveCommand Atom(string atom) => Append(Encoding.ASCII.GetBytes(atom));

    /// <summary>A quoted string, or a literal when the text holds characters a quoted string cannot (RFC 5804 §4).</summary>
    public SieveCommand String(string text) =>
        text.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0
            ? Literal(Encoding.UTF8.GetBytes(text))
            : Append(Encoding.UTF8.GetBytes("\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""));

    public SieveCommand Literal(byte[] payload)
    {
        Append(Encoding.ASCII.GetBytes($"{{{payload.Length}+}}\r\n"));
        _bytes.Write(payload);
        return this;
    }

    public byte[] ToBytes()
    {
        _bytes.Write("\r\n"u8);
        return _bytes.ToArray();
    }

    private SieveCommand Append(byte[] item)
    {
        if (_bytes.Length > 0)
            _bytes.WriteByte((byte)' ');
        _bytes.Write(item);
        return this;
    }
}
