using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Tests.Options;

public class PerditionConfigFileTests
{
    [Fact]
    public void Reads_short_and_long_keys_flags_and_quoted_values()
    {
        const string text = """
            # perdition.conf
            l           110             #Short option used as key
            outgoing_server  sarah:110,localhost
            d                           #Option with no argument
            ok_line "You are so in"
            query_key \\u,\\D\\d
            """;
        var (uses, errors) = PerditionConfigFile.Parse(text, "perdition.conf");
        Assert.Empty(errors);
        Assert.Equal(
            [("listen_port", "110"), ("outgoing_server", "sarah:110,localhost"), ("debug", ""), ("ok_line", "You are so in"), ("query_key", @"\u,\D\d")],
            uses.Select(u => (u.Spec.Long, u.Value)));
    }

    [Fact]
    public void A_commented_line_continued_with_backslash_stays_a_comment()
    {
        const string text = "#managesieve_capability \\\n\"\\\"SASL\\\" \\\"PLAIN\\\"  \"\\\n\"\\\"VERSION\\\" \\\"1.18\\\"\"\nl 4190\n";
        var (uses, errors) = PerditionConfigFile.Parse(text, "p.conf");
        Assert.Empty(errors);
        Assert.Equal([("listen_port", "4190")], uses.Select(u => (u.Spec.Long, u.Value)));
    }

    [Fact]
    public void Help_and_config_file_are_ignored_in_the_file()
    {
        var (uses, errors) = PerditionConfigFile.Parse("h\nf /etc/other.conf\nq\n", "p.conf");
        Assert.Empty(errors);
        Assert.Equal(["quiet"], uses.Select(u => u.Spec.Long));
    }

    [Fact]
    public void Unknown_keys_are_reported_with_file_and_line()
    {
        var (_, errors) = PerditionConfigFile.Parse("q\nbogus 1\n", "p.conf");
        Assert.Equal(["p.conf:2: unknown option 'bogus'"], errors);
    }
}
