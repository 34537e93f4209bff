using System.Text;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Fixtures.Sieve;

/// <summary>
/// Splits one logical ManageSieve server line (RFC 5804 §4) into tokens.
/// A line may span several CRLFs when it carries literals: <c>{n}</c> or <c>{n+}</c>, CRLF, then n octets.
/// </summary>
internal static class SieveLineParser
{
    private const int NoLiteral = -1;

    /// <summary>The tokens of the next line, or null when the server closed the connection before sending one.</summary>
    public static async Task<IReadOnlyList<SieveToken>?> ReadAsync(LineReader reader, CancellationToken ct)
    {
        var segment = await reader.ReadLineAsync(ct);
        if (segment is null)
            return null;

        var tokens = new List<SieveToken>();
        while (true)
        {
            var literalLength = Tokenize(segment, tokens);
            if (literalLength == NoLiteral)
                return tokens;

            var payload = await reader.ReadExactAsync(literalLength, ct);
            tokens.Add(new SieveToken(SieveTokenKind.String, Encoding.UTF8.GetString(payload)));
            segment = await reader.ReadLineAsync(ct)
                ?? throw new EndOfStreamException("Server closed the connection right after a literal.");
        }
    }

    /// <summary>Adds the segment's tokens; returns the length of a literal that ends the segment, or <see cref="NoLiteral"/>.</summary>
    private static int Tokenize(byte[] segment, List<SieveToken> tokens)
    {
        var i = 0;
        while (i < segment.Length)
        {
            switch (segment[i])
            {
                case (byte)' ':
                    i++;
                    break;
                case (byte)'(':
                    tokens.Add(SieveToken.Open);
                    i++;
                    break;
                case (byte)')':
                    tokens.Add(SieveToken.Close);
                    i++;
                    break;
                case (byte)'"':
                    i = ReadQuoted(segment, i + 1, tokens);
                    break;
                case (byte)'{':
                    return ReadLiteralLength(segment, i);
                default:
                    i = ReadAtom(segment, i, tokens);
                    break;
            }
        }
        return NoLiteral;
    }

    private static int ReadQuoted(byte[] segment, int start, List<SieveToken> tokens)
    {
        var text = new List<byte>();
        for (var i = start; i < segment.Length; i++)
        {
            switch (segment[i])
            {
                case (byte)'"':
                    tokens.Add(new SieveToken(SieveTokenKind.String, Encoding.UTF8.GetString(text.ToArray())));
                    return i + 1;
                case (byte)'\\' when i + 1 < segment.Length:
                    text.Add(segment[++i]);
                    break;
                default:
                    text.Add(segment[i]);
                    break;
            }
        }
        throw new InvalidDataException($"Unterminated quoted string in: {Encoding.UTF8.GetString(segment)}");
    }

    private static int ReadLiteralLength(byte[] segment, int open)
    {
        var text = Encoding.ASCII.GetString(segment, open, segment.Length - open);
        var digits = text.EndsWith("+}", StringComparison.Ordinal) ? text[1..^2] : text.EndsWith('}') ? text[1..^1] : "";
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) || !int.TryParse(digits, out var length))
            throw new InvalidDataException($"Malformed literal '{text}' (a literal must end its line).");
        return length;
    }

    private static int ReadAtom(byte[] segment, int start, List<SieveToken> tokens)
    {
        var end = start;
        while (end < segment.Length && segment[end] is not ((byte)' ' or (byte)'(' or (byte)')' or (byte)'"' or (byte)'{'))
            end++;
        tokens.Add(new SieveToken(SieveTokenKind.Atom, Encoding.UTF8.GetString(segment, start, end - start)));
        return end;
    }
}
