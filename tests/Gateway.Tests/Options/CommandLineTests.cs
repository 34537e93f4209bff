using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Tests.Options;

public class CommandLineTests
{
    private static IReadOnlyList<(string, string)> Uses(params string[] args)
    {
        var (uses, errors) = CommandLine.Parse(args);
        Assert.Empty(errors);
        return uses.Select(u => (u.Spec.Long, u.Value)).ToList();
    }

    [Fact]
    public void Reads_every_perdition_spelling_of_a_value()
    {
        Assert.Equal([("listen_port", "110"), ("listen_port", "111"), ("listen_port", "112"), ("listen_port", "113")],
            Uses("-l", "110", "-l111", "--listen_port", "112", "--listen_port=113"));
    }

    [Fact]
    public void Empty_value_is_a_value()
    {
        Assert.Equal([("map_library", "")], Uses("-M", ""));
    }

    [Fact]
    public void Short_flags_may_be_bundled_and_end_with_a_valued_option()
    {
        Assert.Equal([("debug", ""), ("quiet", ""), ("timeout", "30")], Uses("-dqt", "30"));
    }

    [Theory]
    [InlineData("--bogus", "unknown option --bogus")]
    [InlineData("-Z", "unknown option -Z")]
    [InlineData("--timeout", "option -t/--timeout needs a value")]
    [InlineData("--debug=yes", "option -d/--debug takes no value")]
    [InlineData("stray", "unexpected argument 'stray'")]
    public void Problems_are_reported_naming_the_option(string arg, string expected)
    {
        var (_, errors) = CommandLine.Parse([arg]);
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_option_has_a_unique_long_and_short_name()
    {
        Assert.Equal(OptionTable.All.Count, OptionTable.All.Select(o => o.Long).Distinct().Count());
        var shorts = OptionTable.All.Where(o => o.Short is not null).Select(o => o.Short).ToList();
        Assert.Equal(shorts.Count, shorts.Distinct().Count());
    }
}
