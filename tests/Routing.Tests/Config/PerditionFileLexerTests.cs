using ActorMailProxy.Routing.Config;

namespace ActorMailProxy.Routing.Tests.Config;

public sealed class PerditionFileLexerTests
{
    [Theory]
    [InlineData("l 110", "l", "110")]
    [InlineData("group       mail            #Long option used as key", "group", "mail")]
    [InlineData("a                           #Option with no argument", "a", "")]
    [InlineData("  key   value with   spaces  ", "key", "value with   spaces")]
    [InlineData("key\t\tvalue\t", "key", "value")]
    [InlineData("key \"quoted  \"", "key", "quoted  ")]
    [InlineData("key 'single \\ literal'", "key", "single \\ literal")]
    [InlineData("key \"a\\\"b\"", "key", "a\"b")]
    [InlineData("key \"a\\\\b\"", "key", "a\\b")]
    [InlineData("key \"a\\xb\"", "key", "axb")]
    [InlineData("key a\\#b", "key", "a#b")]
    [InlineData("key a#b", "key", "a")]
    [InlineData("key 'a#b'", "key", "a#b")]
    [InlineData("key \"a#b\"", "key", "a#b")]
    [InlineData("key \"a'b\"", "key", "a'b")]
    [InlineData("key 'a\"b'", "key", "a\"b")]
    [InlineData("'my key' value", "my key", "value")]
    [InlineData("my\\ key value", "my key", "value")]
    [InlineData("key \"ab\"'cd'ef", "key", "abcdef")]
    [InlineData("key \\  ", "key", " ")]
    [InlineData("key value\\ ", "key", "value ")]
    [InlineData("key \"\"", "key", "")]
    [InlineData("\"\" value", "", "value")]
    [InlineData("query_key \\\\U", "query_key", "\\U")]
    [InlineData("query_key \\\\u,\\\\D\\\\d", "query_key", "\\u,\\D\\d")]
    [InlineData("domain_delimiter \\#", "domain_delimiter", "#")]
    [InlineData("^[a-k]: localhost", "^[a-k]:", "localhost")]
    [InlineData("(.*)@(.*): $1_$2@localhost", "(.*)@(.*):", "$1_$2@localhost")]
    [InlineData("^bob\\.smith$: host", "^bob.smith$:", "host")]
    [InlineData("'^bob\\.smith$': host", "^bob\\.smith$:", "host")]
    [InlineData("key one \\\ntwo", "key", "one two")]
    [InlineData("key one\\\n   two", "key", "one   two")]
    [InlineData("key \"one \\\ntwo\"", "key", "one two")]
    [InlineData("key \"\\\"SASL\\\" \\\"PLAIN\\\"  \"", "key", "\"SASL\" \"PLAIN\"  ")]
    public void Lexes_one_line_into_key_and_value(string text, string key, string value)
    {
        var result = PerditionFileLexer.Lex(text);

        Assert.Empty(result.Errors);
        var line = Assert.Single(result.Lines);
        Assert.Equal((1, key, value), (line.LineNumber, line.Key, line.Value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t\n")]
    [InlineData("# comment only")]
    [InlineData("   # indented comment \"with an unterminated quote")]
    [InlineData("#comment continued \\\non the next line")]
    [InlineData("\\\n")]
    public void Blank_and_comment_lines_lex_to_nothing(string text)
    {
        var result = PerditionFileLexer.Lex(text);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Lines);
    }

    [Fact]
    public void Commented_managesieve_capability_with_continued_quoted_lines_lexes_to_nothing()
    {
        // The construct exactly as the stock perdition.conf ships it.
        const string text = """
            #managesieve_capability \
            "\"IMPLEMENTATION\" \"perdition\"  "\
            "\"SIEVE\" \"comparator-i;octet "\
            "comparator-i;ascii-casemap "\
            "copy i"\
            "nclude "\
            "date\"  "\
            "\"SASL\" \"PLAIN\"  "\
            "\"NOTIFY\" \"mailto\"  "\
            "\"VERSION\" \"1.18\""

            # i|inetd_mode:
            """;

        var result = PerditionFileLexer.Lex(text);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Lines);
    }

    [Fact]
    public void Uncommented_managesieve_capability_concatenates_its_quoted_pieces()
    {
        const string text = """
            managesieve_capability \
            "\"IMPLEMENTATION\" \"perdition\"  "\
            "\"SASL\" \"PLAIN\"  "\
            "\"VERSION\" \"1.18\""
            """;

        var line = Assert.Single(PerditionFileLexer.Lex(text).Lines);

        Assert.Equal("managesieve_capability", line.Key);
        Assert.Equal("\"IMPLEMENTATION\" \"perdition\"  \"SASL\" \"PLAIN\"  \"VERSION\" \"1.18\"", line.Value);
    }

    [Fact]
    public void Line_numbers_count_physical_lines_and_a_joined_line_keeps_its_first()
    {
        var result = PerditionFileLexer.Lex("# header\n\na \\\nb\nc d\r\ne f\r\n");

        Assert.Equal(
            [new PerditionLine(3, "a", "b"), new PerditionLine(5, "c", "d"), new PerditionLine(6, "e", "f")],
            result.Lines);
    }

    [Fact]
    public void Every_unterminated_quote_is_reported_with_its_line_and_lexing_goes_on()
    {
        var result = PerditionFileLexer.Lex("a 'x\nb \"y\nc 3\nd \"z");

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                new PerditionLexError(1, "unterminated single quote"),
                new PerditionLexError(2, "unterminated double quote"),
                new PerditionLexError(4, "unterminated double quote"),
            ],
            result.Errors);
        Assert.Equal([new PerditionLine(3, "c", "3")], result.Lines);
    }

    [Fact]
    public void A_lone_carriage_return_ends_a_line()
    {
        var result = PerditionFileLexer.Lex("a 1\rb 2");

        Assert.Equal([new PerditionLine(1, "a", "1"), new PerditionLine(2, "b", "2")], result.Lines);
    }
}
