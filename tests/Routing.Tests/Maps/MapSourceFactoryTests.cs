namespace ActorMailProxy.Routing.Tests.Maps;

public sealed class MapSourceFactoryTests
{
    [Theory]
    [InlineData("popmap")]
    [InlineData("gdbm")]
    [InlineData("bdb")]
    [InlineData("/usr/lib/libperditiondb_gdbm.so.0")]
    [InlineData("/usr/lib/x86_64-linux-gnu/libperditiondb_gdbm.so.0")]
    [InlineData("/usr/lib/libperditiondb_bdb.so")]
    [InlineData("libperditiondb_gdbm.so.0.0.1")]
    public void Gdbm_and_bdb_libraries_read_the_text_popmap(string library)
    {
        using var file = new TempFile("bob:host\n");

        using var source = MapSourceFactory.Create(library, file.Path);

        Assert.IsType<PopmapFileSource>(source);
    }

    [Theory]
    [InlineData("posix_regex")]
    [InlineData("/usr/lib/libperditiondb_posix_regex.so.0")]
    public void Posix_regex_library_reads_popmap_re(string library)
    {
        using var file = new TempFile("^b: host\n");

        using var source = MapSourceFactory.Create(library, file.Path);

        Assert.IsType<PosixRegexSource>(source);
    }

    [Theory]
    [InlineData("")]
    [InlineData("none")]
    public async Task No_library_means_no_map(string library)
    {
        using var source = MapSourceFactory.Create(library, "");

        Assert.IsType<NoMapSource>(source);
        Assert.Same(MapAnswer.NotFound.Instance, await source.LookupAsync("bob", CancellationToken.None));
    }

    [Theory]
    [InlineData("popmap", MapSourceFactory.DefaultPopmapPath)]
    [InlineData("/usr/lib/libperditiondb_gdbm.so.0", MapSourceFactory.DefaultPopmapPath)]
    [InlineData("posix_regex", MapSourceFactory.DefaultPosixRegexPath)]
    public void Without_an_option_the_perdition_default_file_is_read(string library, string defaultPath)
    {
        try
        {
            using var source = MapSourceFactory.Create(library, "");
            Assert.EndsWith(defaultPath, source.Name);
        }
        catch (MapSourceException e)
        {
            Assert.Equal(defaultPath, e.Path);
        }
    }

    [Theory]
    [InlineData("mysql", "not supported yet")]
    [InlineData("/usr/lib/libperditiondb_postgresql.so.0", "not supported yet")]
    [InlineData("odbc", "not supported yet")]
    [InlineData("/usr/lib/libperditiondb_ldap.so.0", "not supported")]
    [InlineData("nis", "not supported")]
    public void Perdition_libraries_without_a_built_in_source_are_refused(string library, string message)
    {
        var error = Assert.Throws<NotSupportedException>(() => MapSourceFactory.Create(library, ""));

        Assert.Contains(message, error.Message);
        Assert.Contains(library, error.Message);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("/usr/lib/libsomething.so")]
    [InlineData("/usr/lib/libperditiondb_gdbm.so.x")]
    public void Unknown_libraries_are_refused_by_name(string library)
    {
        var error = Assert.Throws<ArgumentException>(() => MapSourceFactory.Create(library, ""));

        Assert.Contains(library, error.Message);
    }
}
