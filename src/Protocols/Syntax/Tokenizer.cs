using System.Text;

namespace ActorMailProxy.Protocols.Syntax;

/// <summary>Turns a command's segments into tokens: atoms, quoted strings, literals and parenthesised lists.</summary>
public static class Tokenizer
{
    private const int MaxListDepth = 8;

    /// <summary>Tokens of the command, or null with <paramref name="error"/> set when it is not well formed.</summary>
    public static IReadOnlyList<Token>? Tokenize(IReadOnlyList<CommandSegment> segments, out string error)
    {
        var cursor = new Cursor(segments);
        var stack = new Stack<List<Token>>();
        var current = new List<Token>();
        error = "";
        while (true)
        {
            cursor.SkipSpaces();
            if (cursor.AtEndOfAll)
            {
                break;
            }
            if (cursor.AtLiteralMarker(out var literal))
            {
                current.Add(new Token.Literal(literal));
                continue;
            }
            var c = cursor.Peek();
            if (c == '(')
            {
                cursor.Advance();
                if (stack.Count >= MaxListDepth)
                {
                    error = "Lists nested too deeply";
                    return null;
                }
                stack.Push(current);
                current = [];
            }
            else if (c == ')')
            {
                cursor.Advance();
                if (stack.Count == 0)
                {
                    error = "Unexpected ')'";
                    return null;
                }
                var list = new Token.List(current);
                current = stack.Pop();
                current.Add(list);
            }
            else if (c == '"')
            {
                if (cursor.ReadQuoted() is not { } quoted)
                {
                    error = "Bad quoted string";
                    return null;
                }
                current.Add(new Token.Quoted(quoted));
            }
            else if (IsAtomChar(c))
            {
                current.Add(new Token.Atom(cursor.ReadAtom()));
            }
            else
            {
                error = c == '{' ? "Bad literal" : $"Unexpected character 0x{c:x2}";
                return null;
            }
        }
        if (stack.Count > 0)
        {
            error = "Missing ')'";
            return null;
        }
        return current;
    }

    public static bool IsValidTag(ReadOnlySpan<byte> tag)
    {
        foreach (var b in tag)
        {
            if (!IsAtomChar(b) || b == '+')
            {
                return false;
            }
        }
        return !tag.IsEmpty;
    }

    /// <summary>RFC 3501 ASTRING-CHAR, plus '%' and '*' (list wildcards): anything but specials, space and controls.</summary>
    public static bool IsAtomChar(byte b) => b > 0x20 && b < 0x7f && b is not ((byte)'(' or (byte)')' or (byte)'{' or (byte)'"');

    private sealed class Cursor(IReadOnlyList<CommandSegment> segments)
    {
        private int _segment;
        private int _offset;

        private byte[] Line => segments[_segment] is CommandSegment.Line l ? l.Bytes : [];

        public bool AtEndOfAll => _segment >= segments.Count || (_segment == segments.Count - 1 && _offset >= Line.Length);

        public byte Peek() => Line[_offset];

        public void Advance() => _offset++;

        public void SkipSpaces()
        {
            while (_segment < segments.Count && _offset < Line.Length && Line[_offset] == ' ')
            {
                _offset++;
            }
        }

        /// <summary>At a <c>{n}</c> ending this line: take the next segment's bytes as the literal.</summary>
        public bool AtLiteralMarker(out byte[] literal)
        {
            literal = [];
            if (_offset >= Line.Length || Line[_offset] != '{' || _segment + 1 >= segments.Count
                || CommandReader.LiteralAnnouncement(Line.AsSpan(_offset)) is null
                || segments[_segment + 1] is not CommandSegment.LiteralData data)
            {
                return false;
            }
            literal = data.Bytes;
            _segment += 2;
            _offset = 0;
            if (_segment >= segments.Count)
            {
                _segment = segments.Count - 1;
                _offset = Line.Length;
            }
            return true;
        }

        public string ReadAtom()
        {
            var start = _offset;
            while (_offset < Line.Length && IsAtomChar(Line[_offset]))
            {
                _offset++;
            }
            return Encoding.UTF8.GetString(Line.AsSpan(start, _offset - start));
        }

        public byte[]? ReadQuoted()
        {
            var value = new List<byte>();
            _offset++;
            while (_offset < Line.Length)
            {
                var b = Line[_offset++];
                if (b == '"')
                {
                    return [.. value];
                }
                if (b == '\\')
                {
                    if (_offset >= Line.Length || Line[_offset] is not ((byte)'\\' or (byte)'"'))
                    {
                        return null;
                    }
                    b = Line[_offset++];
                }
                if (b == 0)
                {
                    return null;
                }
                value.Add(b);
            }
            return null;
        }
    }
}
