using System.Text;

namespace ActorMailProxy.Bench.Clients;

/// <summary>The server said something other than what the scripted dialogue needs; the text is in the report.</summary>
public sealed class UnexpectedReplyException(string message) : Exception(message)
{
    public static UnexpectedReplyException For(string expected, ReadOnlySpan<byte> line) =>
        new($"expected {expected}, got \"{Encoding.ASCII.GetString(line[..Math.Min(line.Length, 120)])}\"");
}
