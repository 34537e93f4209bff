using System.Text;

namespace ActorMailProxy.Protocols;

/// <summary>Byte/text helpers for line protocols, where commands are ASCII and arguments may be UTF-8.</summary>
public static class Ascii
{
    public static readonly byte[] Crlf = "\r\n"u8.ToArray();

    public static byte[] Line(string text) => Encoding.UTF8.GetBytes(text + "\r\n");

    public static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\r\n")));

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>For logs and test failure messages: control characters escaped.</summary>
    public static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            _ = b switch
            {
                (byte)'\r' => sb.Append("\\r"),
                (byte)'\n' => sb.Append("\\n"),
                < 0x20 or >= 0x7f => sb.Append($"\\x{b:x2}"),
                _ => sb.Append((char)b),
            };
        }
        return sb.ToString();
    }

    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> bytes, string ascii) =>
        bytes.Length == ascii.Length && Encoding.ASCII.GetString(bytes).Equals(ascii, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the text can travel inside one protocol line: no CR, LF or NUL.</summary>
    public static bool IsLineSafe(ReadOnlySpan<byte> bytes) => bytes.IndexOfAny((byte)'\r', (byte)'\n', (byte)0) < 0;
}
