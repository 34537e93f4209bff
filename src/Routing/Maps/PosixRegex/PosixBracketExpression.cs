using System.Text;

namespace ActorMailProxy.Routing.Maps.PosixRegex;

/// <summary>
/// Translates a POSIX bracket expression (<c>[a-z]</c>, <c>[^]x]</c>, <c>[[:alpha:]_]</c>) into a .NET character
/// class. A backslash inside brackets is literal in POSIX, so it is escaped; classes are the C locale's (ASCII).
/// </summary>
internal static class PosixBracketExpression
{
    private static readonly Dictionary<string, string> Classes = new(StringComparer.Ordinal)
    {
        ["alpha"] = @"A-Za-z",
        ["digit"] = @"0-9",
        ["alnum"] = @"0-9A-Za-z",
        ["upper"] = @"A-Z",
        ["lower"] = @"a-z",
        ["space"] = @"\t\n\x0B\f\r\x20",
        ["blank"] = @"\t\x20",
        ["punct"] = @"\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E",
        ["xdigit"] = @"0-9A-Fa-f",
        ["cntrl"] = @"\x00-\x1F\x7F",
        ["print"] = @"\x20-\x7E",
        ["graph"] = @"\x21-\x7E",
    };

    /// <summary>Reads the expression starting at <paramref name="pattern"/>[<paramref name="index"/>] == '['.</summary>
    /// <returns>The .NET class, with <paramref name="index"/> just past the closing ']', or null and an error.</returns>
    public static string? Translate(string pattern, ref int index, out string? error)
    {
        error = null;
        var i = index + 1;
        var negated = i < pattern.Length && pattern[i] == '^';
        if (negated)
        {
            i++;
        }

        var body = new StringBuilder();
        for (var first = true; ; first = false)
        {
            if (i >= pattern.Length)
            {
                error = "unterminated [ bracket expression";
                return null;
            }

            if (pattern[i] == ']' && !first)
            {
                break;
            }

            if (!TryElement(pattern, ref i, body, out error))
            {
                return null;
            }
        }

        index = i + 1;

        // REG_NEWLINE, which perdition compiles with, keeps a non-matching list from matching a newline.
        return negated ? $"[^{body}\\n]" : $"[{body}]";
    }

    private static bool TryElement(string pattern, ref int i, StringBuilder body, out string? error)
    {
        error = null;
        if (StartsSpecial(pattern, i))
        {
            return TryClass(pattern, ref i, body, out error);
        }

        var start = pattern[i++];
        if (i + 1 < pattern.Length && pattern[i] == '-' && pattern[i + 1] != ']')
        {
            if (StartsSpecial(pattern, i + 1))
            {
                error = "a range may not end in a class, collating symbol or equivalence class";
                return false;
            }

            var end = pattern[i + 1];
            if (end < start)
            {
                error = $"range {start}-{end} ends before it starts";
                return false;
            }

            body.Append(Literal(start)).Append('-').Append(Literal(end));
            i += 2;
            return true;
        }

        body.Append(Literal(start));
        return true;
    }

    private static bool TryClass(string pattern, ref int i, StringBuilder body, out string? error)
    {
        var kind = pattern[i + 1];
        var close = pattern.IndexOf($"{kind}]", i + 2, StringComparison.Ordinal);
        if (close < 0)
        {
            error = $"unterminated [{kind} in a bracket expression";
            return false;
        }

        var name = pattern[(i + 2)..close];
        i = close + 2;
        if (kind != ':')
        {
            error = $"collating symbols and equivalence classes ([{kind}{name}{kind}]) are not supported";
            return false;
        }

        if (!Classes.TryGetValue(name, out var members))
        {
            error = $"unknown character class [:{name}:]";
            return false;
        }

        if (i + 1 < pattern.Length && pattern[i] == '-' && pattern[i + 1] != ']')
        {
            error = $"a range may not start with the class [:{name}:]";
            return false;
        }

        body.Append(members);
        error = null;
        return true;
    }

    private static bool StartsSpecial(string pattern, int i) =>
        pattern[i] == '[' && i + 1 < pattern.Length && pattern[i + 1] is ':' or '.' or '=';

    private static string Literal(char c) => c is '\\' or ']' or '[' or '^' or '-' ? $"\\{c}" : c.ToString();
}
