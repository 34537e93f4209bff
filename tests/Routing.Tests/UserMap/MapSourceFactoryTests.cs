using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.Maps.PosixRegex;
using ActorMailProxy.Routing.Maps.Sql;
using ActorMailProxy.Routing.Tests.Maps;
using ActorMailProxy.Routing.UserMap;

namespace ActorMailProxy.Routing.Tests.UserMap;

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
    [InlineData("popmap", "bob:host\n", MapLocality.Local)]
    [InlineData("posix_regex", "^b: host\n", MapLocality.Local)]
    [InlineData("", "", MapLocality.Local)]
    [InlineData("sqlite", "", MapLocality.Remote)]
    [InlineData("postgresql", "", MapLocality.Remote)]
    public void File_maps_are_answered_on_the_node_and_sql_maps_are_remote(string library, string fileText, MapLocality locality)
    {
        using var file = new TempFile(fileText);
        var option = library is "popmap" or "posix_regex" or "sqlite" ? file.Path : "";

        using var source = MapSourceFactory.Create(library, option);

        Assert.Equal(locality, source.Locality);
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
    [InlineData("postgresql")]
    [InlineData("pgsql")]
    [InlineData("/usr/lib/libperditiondb_postgresql.so.0")]
    [InlineData("/usr/lib/x86_64-linux-gnu/libperditiondb_postgresql.so.0.0.0")]
    public void Postgresql_libraries_read_perditions_option_string(string library)
    {
        using var source = MapSourceFactory.Create(library, "db1,db2:5433:routes:tblRoutes:proxy:Pw-Factory-1");

        var postgres = Assert.IsType<PostgresMapSource>(source);
        Assert.Equal("db1,db2", postgres.Options.Hosts);
        Assert.Equal(5433, postgres.Options.Port);
        Assert.DoesNotContain("Pw-Factory-1", source.Name);
    }

    [Fact]
    public void Postgresql_without_an_option_takes_perditions_defaults()
    {
        using var source = MapSourceFactory.Create("postgresql", "");

        Assert.Equal(new PostgresMapOptions(), Assert.IsType<PostgresMapSource>(source).Options);
    }

    [Fact]
    public void Sqlite_reads_a_path_and_optional_table_names()
    {
        using var source = MapSourceFactory.Create("sqlite", "/var/lib/actormailproxy/routes.db:routes");

        var sqlite = Assert.IsType<SqliteMapSource>(source);
        Assert.Equal("/var/lib/actormailproxy/routes.db", sqlite.Options.Path);
        Assert.Equal("routes", sqlite.Options.Table.Table);
    }

    [Theory]
    [InlineData("postgresql", "localhost:notaport")]
    [InlineData("sqlite", "")]
    [InlineData("sqlite", "/tmp/x.db:bad-table")]
    public void Invalid_database_options_are_refused_as_map_errors(string library, string option)
    {
        Assert.Throws<MapSourceException>(() => MapSourceFactory.Create(library, option));
    }

    [Theory]
    [InlineData("mysql", "not supported yet")]
    [InlineData("/usr/lib/libperditiondb_mysql.so.0", "not supported yet")]
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
