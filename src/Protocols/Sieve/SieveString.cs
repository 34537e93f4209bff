using System.Text;

namespace ActorMailProxy.Protocols.Sieve;

/// <summary>ManageSieve strings (RFC 5804): quoted with <c>\\</c> and <c>\"</c> escapes when line-safe, else a literal.</summary>
public static class SieveString
{
    public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>The capability lines perdition's <c>--managesieve_capability</c> describes: one per double-space-separated item.</summary>
    public static IReadOnlyList<string> CapabilityLines(string capability) =>
        capability.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The capability name of a line like <c>"SASL" "PLAIN"</c>, unquoted and upper case.</summary>
    public static string CapabilityName(string line)
    {
        var trimmed = line.TrimStart();
        if (!trimmed.StartsWith('"'))
        {
            return trimmed.Split(' ')[0].ToUpperInvariant();
        }
        var end = trimmed.IndexOf('"', 1);
        return (end < 0 ? trimmed[1..] : trimmed[1..end]).ToUpperInvariant();
    }

    public static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\r\n")));
}
