using System.Globalization;
using System.Text.Json;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Serialization;

namespace ActorMailProxy.Audit.Spool;

/// <summary>
/// One segment file of a spool as read back: its events one per line as <see cref="AuditJson"/> writes them, the line
/// at index i being position <see cref="First"/> + i; a line that cannot be read is null. <see cref="Torn"/>: the file
/// ends inside a line (the process died while writing it); that line never counted, since nothing was sent for it.
/// The file is named by its first position, zero-padded, so names sort like positions.
/// </summary>
public sealed record SpoolSegment(long First, IReadOnlyList<AuditEvent?> Lines, bool Torn)
{
    public const string Extension = ".jsonl";

    /// <summary>One past the last complete line's position.</summary>
    public long End => First + Lines.Count;

    public int Unreadable => Lines.Count(l => l is null);

    public static string FileName(long first) => first.ToString("D19", CultureInfo.InvariantCulture) + Extension;

    /// <summary>The first position a segment's file name gives, or null for a file that is not a segment.</summary>
    public static long? FirstOf(string fileName) =>
        fileName.Length == 19 + Extension.Length && fileName.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            ? first
            : null;

    /// <summary>An event as one line: its JSON (which escapes every control character, newlines included) and a newline.</summary>
    public static byte[] Line(AuditEvent e)
    {
        var json = AuditJson.ToUtf8(e);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    public static SpoolSegment Parse(long first, ReadOnlySpan<byte> bytes)
    {
        var lines = new List<AuditEvent?>();
        while (bytes.IndexOf((byte)'\n') is var end and >= 0)
        {
            lines.Add(Event(bytes[..end]));
            bytes = bytes[(end + 1)..];
        }
        return new SpoolSegment(first, lines, Torn: !bytes.IsEmpty);
    }

    private static AuditEvent? Event(ReadOnlySpan<byte> json)
    {
        try
        {
            return AuditJson.FromUtf8(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
