using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.Maps.PosixRegex;

namespace ActorMailProxy.Routing.Tests.Maps.PosixRegex;

public sealed class PosixRegexSourceTests
{
    private const string ManPageExample = """
        # example from perditiondb(5)
        ^[a-k]: localhost
        ^[^a-k]: localhost:110
        ^user: user2@localhost
        (.*)@(.*): $1_$2@localhost
        """;

    private static async Task<MapAnswer> Lookup(string popmapRe, string key)
    {
        using var file = new TempFile(popmapRe);
        using var source = new PosixRegexSource(file.Path);
        return await source.LookupAsync(key, CancellationToken.None);
    }

    [Theory]
    [InlineData("alice", "localhost")]
    [InlineData("zed", "localhost:110")]
    [InlineData("user@x.y.z.de", "localhost:110")]
    public async Task The_first_matching_line_wins(string key, string expected)
    {
        Assert.Equal(new MapAnswer.Found(expected), await Lookup(ManPageExample, key));
    }

    [Theory]
    [InlineData("(.*)@(.*): $1_$2@localhost", "user@x.y.z.de", "user_x.y.z.de@localhost")]
    [InlineData("^(.*)@(.*)$ $2", "bob@example.com", "example.com")]
    [InlineData("^(a)|(b)$: x$2y", "a", "xy")]
    [InlineData("^(bob)$: $3$9host", "bob", "$3$9host")]
    [InlineData("^bob$: $0.example.com", "bob", "bob.example.com")]
    [InlineData("^bob$: $$1host$", "bob", "$$1host$")]
    [InlineData("flim: localhost", "flim", "localhost")]
    [InlineData("flim: localhost", "itsflim", "itslocalhost")]
    [InlineData("@example[.]com$: @mail1", "bob@example.com", "bob@mail1")]
    [InlineData("'^bob\\.smith$': host", "bob.smith", "host")]
    [InlineData("\"^a b$\": host", "a b", "host")]
    [InlineData("^a\\ b$ host", "a b", "host")]
    [InlineData("^(a)\\\\1$: twice", "aa", "twice")]
    public async Task Substitutes_groups_after_the_unmatched_prefix_as_perdition_does(string line, string key, string expected)
    {
        Assert.Equal(new MapAnswer.Found(expected), await Lookup(line, key));
    }

    [Theory]
    [InlineData("^flim$: localhost", "flimstix")]
    [InlineData("^Bob$: localhost", "bob")]
    [InlineData("^bob.smith$: host", "bob-smith-x")]
    public async Task A_key_no_line_matches_is_not_found(string line, string key)
    {
        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(line, key));
    }

    [Fact]
    public async Task A_back_referencing_regex_that_runs_away_makes_the_map_unavailable_not_slow()
    {
        var answer = await Lookup("^(a+)+\\\\1b$: host\n", new string('a', 40) + "c");

        Assert.Contains("line 1", Assert.IsType<MapAnswer.Unavailable>(answer).Reason);
    }

    [Fact]
    public async Task Lines_continued_with_a_backslash_form_one_rule()
    {
        Assert.Equal(new MapAnswer.Found("host"), await Lookup("^bob$: \\\n  host\n", "bob"));
    }

    [Fact]
    public void Reports_every_bad_line_with_its_number()
    {
        using var file = new TempFile("""
            ^ok$: host
            ^a+?$: host
            ^b$:
            ^c$: two words
            : host
            ^d\\d$: host
            "^e: host
            ^f$ : host
            """);

        var error = Assert.Throws<MapSourceException>(() => new PosixRegexSource(file.Path));

        Assert.Equal(
            ["line 7:", "line 2:", "line 3:", "line 4:", "line 5:", "line 6:", "line 8:"],
            error.Problems.Select(p => p[..7]));
        Assert.Contains("^a+?$", error.Problems[1]);
    }

    [Fact]
    public async Task Reload_replaces_the_rules_and_a_bad_file_keeps_the_old_ones()
    {
        using var file = new TempFile("^bob$: old\n");
        using var source = new PosixRegexSource(file.Path);

        file.Write("^bob$: new\n");
        source.Reload();
        Assert.Equal(new MapAnswer.Found("new"), await source.LookupAsync("bob", CancellationToken.None));

        file.Write("*broken: x\n");
        Assert.Throws<MapSourceException>(source.Reload);
        Assert.Equal(new MapAnswer.Found("new"), await source.LookupAsync("bob", CancellationToken.None));
    }

    [Fact]
    public void A_missing_file_throws_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-popmap-re-{Guid.NewGuid():N}");

        Assert.Contains(path, Assert.Throws<MapSourceException>(() => new PosixRegexSource(path)).Message);
    }

    [Fact]
    public void The_shipped_example_file_with_only_comments_loads_empty()
    {
        using var file = new TempFile("""
            ######################################################################
            # popmap.re
            # Format: <regular_expression>[:] <substitution>
            ######################################################################

            #^[a-k]: localhost
            #(.*)@(.*): $1_$2@localhost
            """);
        using var source = new PosixRegexSource(file.Path);

        Assert.Equal(0, source.Count);
        Assert.Equal($"posix_regex:{file.Path}", source.Name);
    }
}
