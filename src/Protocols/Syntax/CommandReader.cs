using System.Text;

namespace ActorMailProxy.Protocols.Syntax;

/// <summary>
/// Splits client input into commands made of lines and literals (<c>{n}</c>, <c>{n+}</c>), keeping partial commands
/// across reads. Every piece is bounded: a line, a literal, and the whole command.
/// </summary>
public sealed class CommandReader(int maxLine, int maxLiteral, int maxCommand, bool tagged)
{
    private readonly List<CommandSegment> _segments = [];
    private byte[]? _literal;
    private int _literalFilled;
    private int _commandSize;
    private bool _discardingLine;

    public ReadResult Read(InputBuffer input)
    {
        while (true)
        {
            if (_discardingLine)
            {
                if (!input.SkipLine())
                {
                    return ReadResult.NeedMore.Instance;
                }
                _discardingLine = false;
                continue;
            }
            if (_literal is not null)
            {
                var take = Math.Min(input.Count, _literal.Length - _literalFilled);
                input.Unread[..take].CopyTo(_literal.AsSpan(_literalFilled));
                input.Consume(take);
                _literalFilled += take;
                if (_literalFilled < _literal.Length)
                {
                    return ReadResult.NeedMore.Instance;
                }
                _segments.Add(new CommandSegment.LiteralData(_literal));
                _literal = null;
                continue;
            }
            if (!input.TryReadLine(out var line))
            {
                if (!input.IsFull)
                {
                    return ReadResult.NeedMore.Instance;
                }
                var tag = CurrentTag(input.Unread);
                _discardingLine = true;
                Reset();
                return new ReadResult.LineTooLong(tag);
            }
            if (line.Length > maxLine)
            {
                var tag = CurrentTag(line);
                Reset();
                return new ReadResult.LineTooLong(tag);
            }
            _segments.Add(new CommandSegment.Line(line));
            _commandSize += line.Length;
            if (_commandSize > maxCommand)
            {
                var tag = CurrentTag(line);
                Reset();
                return new ReadResult.LineTooLong(tag);
            }
            if (LiteralAnnouncement(line) is not { } announced)
            {
                var complete = new ReadResult.Complete([.. _segments]);
                Reset();
                return complete;
            }
            if (announced.Length > maxLiteral || _commandSize + announced.Length > maxCommand)
            {
                var tag = CurrentTag(line);
                Reset();
                return new ReadResult.LiteralTooLarge(tag, announced.NonSynchronizing);
            }
            _literal = new byte[announced.Length];
            _literalFilled = 0;
            _commandSize += announced.Length;
            if (!announced.NonSynchronizing)
            {
                return new ReadResult.LiteralAnnounced(CurrentTag(line));
            }
        }
    }

    private void Reset()
    {
        _segments.Clear();
        _literal = null;
        _literalFilled = 0;
        _commandSize = 0;
    }

    /// <summary>The tag of the command being read, for error replies; null if it has none (or none is expected).</summary>
    private string? CurrentTag(ReadOnlySpan<byte> fallbackLine)
    {
        if (!tagged)
        {
            return null;
        }
        var first = _segments.Count > 0 && _segments[0] is CommandSegment.Line l ? l.Bytes : fallbackLine;
        var space = first.IndexOf((byte)' ');
        var tag = space < 0 ? ReadOnlySpan<byte>.Empty : first[..space];
        return Tokenizer.IsValidTag(tag) ? Encoding.ASCII.GetString(tag) : null;
    }

    internal readonly record struct Announcement(int Length, bool NonSynchronizing);

    /// <summary>A line ending in <c>{n}</c> or <c>{n+}</c> announces a literal of n bytes.</summary>
    internal static Announcement? LiteralAnnouncement(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || line[^1] != '}')
        {
            return null;
        }
        var open = line.LastIndexOf((byte)'{');
        if (open < 0)
        {
            return null;
        }
        var inner = line[(open + 1)..^1];
        var nonSync = !inner.IsEmpty && inner[^1] == '+';
        var digits = nonSync ? inner[..^1] : inner;
        if (digits.IsEmpty || digits.Length > 10 || digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            return null;
        }
        var value = long.Parse(Encoding.ASCII.GetString(digits), System.Globalization.CultureInfo.InvariantCulture);
        return new Announcement((int)Math.Min(value, int.MaxValue), nonSync);
    }
}
