using ActorMailProxy.Routing.Maps;

namespace ActorMailProxy.Routing.Tests.Maps;

public sealed class PopmapFileSourceTests
{
    private static async Task<MapAnswer> Lookup(IMapSource source, string key) =>
        await source.LookupAsync(key, CancellationToken.None);

    [Fact]
    public async Task Finds_values_split_at_the_first_colon()
    {
        using var file = new TempFile("horms:foo.bar:110\njain:jane@foo.bar\nv6:[::1]:143\n");
        using var source = new PopmapFileSource(file.Path);

        Assert.Equal(new MapAnswer.Found("foo.bar:110"), await Lookup(source, "horms"));
        Assert.Equal(new MapAnswer.Found("jane@foo.bar"), await Lookup(source, "jain"));
        Assert.Equal(new MapAnswer.Found("[::1]:143"), await Lookup(source, "v6"));
        Assert.Equal(3, source.Count);
    }

    [Fact]
    public async Task Keys_match_exactly_and_case_sensitively()
    {
        using var file = new TempFile("bob:host1\n");
        using var source = new PopmapFileSource(file.Path);

        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, "Bob"));
        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, "bo"));
        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, "bob "));
    }

    [Fact]
    public async Task Ignores_blank_and_comment_lines_and_trims_whitespace_and_carriage_returns()
    {
        using var file = new TempFile("# users\r\n\r\n   \r\n  bob :  host1:110 \r\n\t# indented comment\n");
        using var source = new PopmapFileSource(file.Path);

        Assert.Equal(new MapAnswer.Found("host1:110"), await Lookup(source, "bob"));
        Assert.Equal(1, source.Count);
    }

    [Fact]
    public async Task The_first_of_repeated_keys_wins_as_in_makegdbm()
    {
        using var file = new TempFile("bob:first\nbob:second\n");
        using var source = new PopmapFileSource(file.Path);

        Assert.Equal(new MapAnswer.Found("first"), await Lookup(source, "bob"));
    }

    [Fact]
    public void Reports_every_malformed_line_with_its_number()
    {
        using var file = new TempFile("good:host\nno colon here\n:nokey\nnovalue:\n");

        var error = Assert.Throws<MapSourceException>(() => new PopmapFileSource(file.Path));

        Assert.Equal(file.Path, error.Path);
        Assert.Equal(3, error.Problems.Count);
        Assert.StartsWith("line 2:", error.Problems[0]);
        Assert.StartsWith("line 3:", error.Problems[1]);
        Assert.StartsWith("line 4:", error.Problems[2]);
    }

    [Fact]
    public void A_missing_file_throws_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-popmap-{Guid.NewGuid():N}");

        var error = Assert.Throws<MapSourceException>(() => new PopmapFileSource(path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_binary_gdbm_database_is_refused_with_a_hint()
    {
        using var file = new TempFile("GDBM\0\0\u0013\u0057bob");

        var error = Assert.Throws<MapSourceException>(() => new PopmapFileSource(file.Path));

        Assert.Contains("binary", error.Message);
    }

    [Fact]
    public async Task Reload_swaps_in_the_new_file()
    {
        using var file = new TempFile("bob:old\n");
        using var source = new PopmapFileSource(file.Path);

        file.Write("bob:new\nalice:host\n");
        source.Reload();

        Assert.Equal(new MapAnswer.Found("new"), await Lookup(source, "bob"));
        Assert.Equal(new MapAnswer.Found("host"), await Lookup(source, "alice"));
    }

    [Fact]
    public async Task A_failed_reload_keeps_the_old_map_and_throws()
    {
        using var file = new TempFile("bob:old\n");
        using var source = new PopmapFileSource(file.Path);

        file.Write("bob:new\nbroken line\n");
        Assert.Throws<MapSourceException>(source.Reload);
        File.Delete(file.Path);
        Assert.Throws<MapSourceException>(source.Reload);

        Assert.Equal(new MapAnswer.Found("old"), await Lookup(source, "bob"));
    }

    [Fact]
    public void Name_says_kind_and_file()
    {
        using var file = new TempFile("");
        using var source = new PopmapFileSource(file.Path);

        Assert.Equal($"popmap:{file.Path}", source.Name);
    }
}
