using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ActorMailProxy.Routing.Maps.PosixRegex;

/// <summary>
/// Translates a POSIX extended regular expression, as glibc's regcomp(REG_EXTENDED) reads it, into an equivalent
/// .NET pattern. Whatever .NET would read differently and cannot be translated is refused with a reason, never
/// passed through with a changed meaning.
/// </summary>
internal static class PosixRegexTranslator
{
    private const string WordClass = "0-9A-Za-z_";
    private const string SpaceClass = @"\t\n\x0B\f\r\x20";

    // Far below glibc's RE_DUP_MAX; larger counts only blow up the .NET automaton and no popmap needs them.
    private const int MaxRepeat = 255;

    /// <param name="Pattern">The .NET pattern, to be used with RegexOptions.Multiline (REG_NEWLINE's anchors).</param>
    /// <param name="GroupCount">How many capturing groups the pattern has.</param>
    /// <param name="NeedsBacktracking">It has back-references, which the NonBacktracking engine cannot run.</param>
    internal sealed record Translation(string Pattern, int GroupCount, bool NeedsBacktracking);

    public static Translation? Translate(string ere, out string? error)
    {
        var state = new Scan(ere);
        error = state.Run();
        return error is null ? new Translation(state.Output.ToString(), state.Groups, state.Backreferences) : null;
    }

    private sealed class Scan(string pattern)
    {
        private int _i;
        private int _depth;
        private bool _canRepeat;
        private bool _justRepeated;

        public StringBuilder Output { get; } = new();

        public int Groups { get; private set; }

        public bool Backreferences { get; private set; }

        public string? Run()
        {
            while (_i < pattern.Length)
            {
                if (Step() is { } error)
                {
                    return error;
                }
            }

            return _depth > 0 ? "unmatched (" : null;
        }

        private string? Step()
        {
            var c = pattern[_i];
            switch (c)
            {
                case '\\':
                    return Escape();
                case '[':
                    var cls = PosixBracketExpression.Translate(pattern, ref _i, out var error);
                    return cls is null ? error : Atom(cls, 0);
                case '(':
                    Groups++;
                    _depth++;
                    return Operator("(");
                case ')' when _depth == 0:
                    return "unmatched )";
                case ')':
                    _depth--;
                    return Atom(")", 1);
                case '|' or '^' or '$':
                    return Operator(c.ToString());
                case '*' or '+' or '?':
                    return Repeat(c.ToString(), 1);
                case '{':
                    return Interval();
                case '.':
                    return Atom(".", 1);
                default:
                    return Atom(Regex.Escape(c.ToString()), 1);
            }
        }

        private string? Escape()
        {
            if (_i + 1 == pattern.Length)
            {
                return "trailing \\";
            }

            var e = pattern[_i + 1];
            return e switch
            {
                >= '1' and <= '9' when e - '0' > Groups => $"\\{e} refers to a group that does not exist",
                >= '1' and <= '9' => Backreference(e),
                'w' => Atom($"[{WordClass}]", 2),
                'W' => Atom($"[^{WordClass}]", 2),
                's' => Atom($"[{SpaceClass}]", 2),
                'S' => Atom($"[^{SpaceClass}]", 2),
                _ when char.IsAsciiLetterOrDigit(e) || e is '<' or '>' or '`' or '\'' =>
                    $"\\{e} is not supported (POSIX gives it no meaning, .NET and glibc different ones); " +
                    "use a bracket expression such as [[:digit:]] or the plain character",
                _ => Atom(Regex.Escape(e.ToString()), 2),
            };
        }

        private string? Backreference(char digit)
        {
            Backreferences = true;
            return Atom($"\\k<{digit}>", 2);
        }

        private string? Interval()
        {
            var close = pattern.IndexOf('}', _i);
            var parts = close < 0 ? [] : pattern[(_i + 1)..close].Split(',');
            if (parts.Length is < 1 or > 2 || !TryBound(parts[0], out var min, allowEmpty: parts.Length == 2))
            {
                return "{ must start an interval {m}, {m,}, {,n} or {m,n}";
            }

            int? max = min;
            if (parts.Length == 2)
            {
                max = parts[1].Length == 0 ? null : TryBound(parts[1], out var m, false) ? m : -1;
            }

            if (max < min || min > MaxRepeat || max > MaxRepeat)
            {
                return $"invalid interval {pattern[_i..(close + 1)]} (bounds 0 to {MaxRepeat}, the first not above the second)";
            }

            var text = parts.Length == 1 ? $"{{{min}}}" : $"{{{min},{max}}}";
            return Repeat(text, close + 1 - _i);
        }

        private static bool TryBound(string text, out int bound, bool allowEmpty)
        {
            bound = 0;
            return (allowEmpty && text.Length == 0)
                || (text.Length > 0 && text.All(char.IsAsciiDigit)
                    && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bound));
        }

        private string? Repeat(string text, int width)
        {
            if (!_canRepeat)
            {
                return $"{pattern[_i]} has nothing to repeat";
            }

            // glibc applies stacked repetitions one after another; .NET reads "+?" or "*?" as lazy instead.
            if (_justRepeated)
            {
                return "a repetition may not directly follow another";
            }

            Output.Append(text);
            _i += width;
            _justRepeated = true;
            return null;
        }

        private string? Atom(string text, int width)
        {
            Output.Append(text);
            _i += width;
            _canRepeat = true;
            _justRepeated = false;
            return null;
        }

        private string? Operator(string text)
        {
            Output.Append(text);
            _i++;
            _canRepeat = false;
            _justRepeated = false;
            return null;
        }
    }
}
