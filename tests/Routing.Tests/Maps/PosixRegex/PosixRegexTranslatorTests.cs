using System.Text.RegularExpressions;
using ActorMailProxy.Routing.Maps.PosixRegex;

namespace ActorMailProxy.Routing.Tests.Maps.PosixRegex;

public sealed class PosixRegexTranslatorTests
{
    [Theory]
    [InlineData("^[a-k]", "alice", true)]
    [InlineData("^[a-k]", "zed", false)]
    [InlineData("^[^a-k]", "zed", true)]
    [InlineData("flim", "totallyflimless", true)]
    [InlineData("^flim$", "flimstix", false)]
    [InlineData("^[[:alpha:]]+$", "Bob", true)]
    [InlineData("^[[:alpha:]]+$", "bob1", false)]
    [InlineData("^[[:digit:]]{3}$", "123", true)]
    [InlineData("^[[:digit:]]{3}$", "1234", false)]
    [InlineData("^[[:alnum:]_]+$", "bob_1", true)]
    [InlineData("^[[:upper:]]", "Bob", true)]
    [InlineData("^[[:upper:]]", "bob", false)]
    [InlineData("^[[:lower:]]", "bob", true)]
    [InlineData("[[:space:]]", "a b", true)]
    [InlineData("[[:space:]]", "ab", false)]
    [InlineData("^[[:punct:]]$", "!", true)]
    [InlineData("^[[:punct:]]$", "a", false)]
    [InlineData("^[[:xdigit:]]+$", "c0ffee", true)]
    [InlineData("^[[:xdigit:]]+$", "coffee", false)]
    [InlineData("^[[:digit:]]", "\u0663", false)]
    [InlineData(@"^a[\]b$", @"a\b", true)]
    [InlineData(@"^a[\d]$", "ad", true)]
    [InlineData(@"^a[\d]$", "a1", false)]
    [InlineData("^[]x]$", "]", true)]
    [InlineData("^[^]x]$", "]", false)]
    [InlineData("^[a-]$", "-", true)]
    [InlineData("^[+--]$", ",", true)]
    [InlineData("^[a^]$", "^", true)]
    [InlineData("^[[]$", "[", true)]
    [InlineData("^[a-z-[aeiou]]$", "a]", true)]
    [InlineData("^a.b$", "a\nb", false)]
    [InlineData("^[^a]$", "\n", false)]
    [InlineData("^bob\\.smith$", "bob.smith", true)]
    [InlineData("^bob\\.smith$", "bobxsmith", false)]
    [InlineData("^a\\+$", "a+", true)]
    [InlineData("^a\\-b$", "a-b", true)]
    [InlineData("^a#b c$", "a#b c", true)]
    [InlineData("^(a|b)+$", "abba", true)]
    [InlineData("^a{2,}$", "aaa", true)]
    [InlineData("^a{,2}$", "aaa", false)]
    [InlineData("^a{,2}$", "aa", true)]
    [InlineData("^a{1,2}$", "aaa", false)]
    [InlineData("^a}$", "a}", true)]
    [InlineData("^a]$", "a]", true)]
    [InlineData(@"^\w+\s\S$", "bo_b x", true)]
    [InlineData(@"^\W$", "_", false)]
    [InlineData(@"^(a)\1$", "aa", true)]
    [InlineData(@"^(a)\10$", "aa0", true)]
    [InlineData("^()$", "", true)]
    [InlineData("a|", "zzz", true)]
    public void Translated_pattern_matches_as_posix_would(string ere, string input, bool matches)
    {
        var translation = PosixRegexTranslator.Translate(ere, out var error);

        Assert.Null(error);
        Assert.Equal(matches, new Regex(translation!.Pattern, RegexOptions.Multiline).IsMatch(input));
    }

    [Theory]
    [InlineData("(.*)@(.*)", 2, false)]
    [InlineData("^[(]x(y)$", 1, false)]
    [InlineData(@"^(a)\1$", 1, true)]
    [InlineData("plain", 0, false)]
    public void Counts_groups_and_flags_back_references(string ere, int groups, bool backtracking)
    {
        var translation = PosixRegexTranslator.Translate(ere, out _);

        Assert.Equal((groups, backtracking), (translation!.GroupCount, translation.NeedsBacktracking));
    }

    [Theory]
    [InlineData("*a", "nothing to repeat")]
    [InlineData("(*a)", "nothing to repeat")]
    [InlineData("a|*b", "nothing to repeat")]
    [InlineData("^*", "nothing to repeat")]
    [InlineData("{2}", "nothing to repeat")]
    [InlineData("a+?", "may not directly follow")]
    [InlineData("a*?", "may not directly follow")]
    [InlineData("a**", "may not directly follow")]
    [InlineData("a{2}{3}", "may not directly follow")]
    [InlineData("a{", "must start an interval")]
    [InlineData("a{x}", "must start an interval")]
    [InlineData("a{1,2,3}", "must start an interval")]
    [InlineData("a{3,2}", "invalid interval")]
    [InlineData("a{256}", "invalid interval")]
    [InlineData("(a", "unmatched (")]
    [InlineData("a)", "unmatched )")]
    [InlineData("a\\", "trailing")]
    [InlineData(@"\d", @"\d is not supported")]
    [InlineData(@"\n", @"\n is not supported")]
    [InlineData(@"\b", @"\b is not supported")]
    [InlineData(@"\<", @"\< is not supported")]
    [InlineData(@"\0", @"\0 is not supported")]
    [InlineData(@"(a)\2", "does not exist")]
    [InlineData(@"\1(a)", "does not exist")]
    [InlineData("[abc", "unterminated [")]
    [InlineData("[]", "unterminated [")]
    [InlineData("[[:alpha:]", "unterminated [")]
    [InlineData("[[:bogus:]]", "unknown character class")]
    [InlineData("[[:alpha:]", "unterminated")]
    [InlineData("[[:alpha", "unterminated [:")]
    [InlineData("[[.a.]]", "collating symbols")]
    [InlineData("[[=a=]]", "equivalence classes")]
    [InlineData("[z-a]", "ends before it starts")]
    [InlineData("[[:alpha:]-z]", "may not start with the class")]
    [InlineData("[a-[:alpha:]]", "may not end in a class")]
    public void Refuses_what_it_cannot_translate_faithfully(string ere, string reason)
    {
        Assert.Null(PosixRegexTranslator.Translate(ere, out var error));
        Assert.Contains(reason, error);
    }
}
