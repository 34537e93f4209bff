using System.Text;
using System.Text.RegularExpressions;

namespace ActorMailProxy.Routing.Maps.PosixRegex;

/// <summary>One <c>&lt;regex&gt;[:] &lt;substitution&gt;</c> line of popmap.re, compiled.</summary>
internal sealed record PosixRegexRule(int LineNumber, Regex Regex, int GroupCount, string Substitution)
{
    // Only back-references need the backtracking engine; its time per key is capped so no key can stall a lookup.
    private static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(100);

    public static PosixRegexRule? Compile(int lineNumber, string pattern, string substitution, out string? error)
    {
        if (PosixRegexTranslator.Translate(pattern, out var problem) is not { } translation)
        {
            error = $"regular expression \"{pattern}\": {problem}";
            return null;
        }

        var options = RegexOptions.CultureInvariant | RegexOptions.Multiline;
        try
        {
            var regex = translation.NeedsBacktracking
                ? new Regex(translation.Pattern, options, BacktrackingTimeout)
                : new Regex(translation.Pattern, options | RegexOptions.NonBacktracking);
            error = null;
            return new PosixRegexRule(lineNumber, regex, translation.GroupCount, substitution);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            error = $"regular expression \"{pattern}\": {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// perdition's result for a matching key: the part of the key before the match, then the substitution with
    /// <c>$0</c>..<c>$9</c> replaced; null when the key does not match.
    /// </summary>
    /// <remarks>
    /// POSIX picks the leftmost-longest match, .NET the leftmost match its alternatives and greedy quantifiers
    /// find first. Both agree on whether a key matches and where the match starts, which is all the prefix
    /// needs; groups can differ only when alternatives inside a group are prefixes of one another, such as
    /// <c>(a|ab)</c>, which popmaps built from anchored names and <c>(.*)</c> captures do not have.
    /// </remarks>
    /// <exception cref="RegexMatchTimeoutException">A back-referencing pattern took too long on this key.</exception>
    public string? Apply(string key)
    {
        var match = Regex.Match(key);
        if (!match.Success)
        {
            return null;
        }

        var result = new StringBuilder(key, 0, match.Index, match.Index + Substitution.Length);
        for (var i = 0; i < Substitution.Length; i++)
        {
            var c = Substitution[i];
            if (c == '$' && i + 1 < Substitution.Length && char.IsAsciiDigit(Substitution[i + 1])
                && Substitution[i + 1] - '0' <= GroupCount)
            {
                // A group that took no part in the match gives nothing, as in any substitution language.
                result.Append(match.Groups[Substitution[++i] - '0'].Value);
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
