using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.Maps.Sql;

namespace ActorMailProxy.Routing.Tests.Maps.Sql;

public sealed class SqliteMapSourceTests
{
    private static SqliteMapSource Source(string option) => new(SqliteMapOptions.Parse(option));

    private static async Task<MapAnswer> Lookup(IMapSource source, string key) =>
        await source.LookupAsync(key, CancellationToken.None);

    [Fact]
    public async Task Finds_the_server_of_a_user_and_not_found_for_others()
    {
        using var db = new TempSqliteDatabase().WithPerditionTable().Route("bob", "imap1.example.org");
        using var source = Source(db.Path);

        Assert.Equal(new MapAnswer.Found("imap1.example.org"), await Lookup(source, "bob"));
        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, "alice"));
        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, "Bob"));
        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, ""));
    }

    [Fact]
    public async Task The_port_column_is_appended_when_it_is_set()
    {
        using var db = new TempSqliteDatabase().WithPerditionTable()
            .Route("bob", "imap1", "1143")
            .Route("nullport", "imap2", null)
            .Route("emptyport", "imap3", "");
        using var source = Source(db.Path);

        Assert.Equal(new MapAnswer.Found("imap1:1143"), await Lookup(source, "bob"));
        Assert.Equal(new MapAnswer.Found("imap2"), await Lookup(source, "nullport"));
        Assert.Equal(new MapAnswer.Found("imap3"), await Lookup(source, "emptyport"));
    }

    [Fact]
    public async Task A_servername_with_user_and_port_is_returned_whole_and_the_port_column_replaces_its_port()
    {
        using var db = new TempSqliteDatabase().WithPerditionTable()
            .Route("bob", "robert@imap1:110")
            .Route("jane", "jane.doe@imap2:110", "143");
        using var source = Source(db.Path);

        Assert.Equal(new MapAnswer.Found("robert@imap1:110"), await Lookup(source, "bob"));
        Assert.Equal(new MapAnswer.Found("jane.doe@imap2:143"), await Lookup(source, "jane"));
    }

    [Fact]
    public async Task A_row_without_a_servername_is_no_route()
    {
        using var db = new TempSqliteDatabase()
            .Execute("CREATE TABLE tblPerdition (\"user\" text, servername text, port text)")
            .Execute("INSERT INTO tblPerdition VALUES ('nulls', NULL, '110'), ('blank', '  ', NULL)");
        using var source = Source(db.Path);

        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, "nulls"));
        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, "blank"));
    }

    [Fact]
    public async Task Custom_table_and_column_names_come_from_the_option()
    {
        using var db = new TempSqliteDatabase()
            .Execute("CREATE TABLE routes (login text PRIMARY KEY, backend text, backend_port integer, note text)")
            .Execute("INSERT INTO routes VALUES ('bob', 'imap9', 993, 'x')");
        using var source = Source($"{db.Path}:main.routes:backend:login:backend_port");

        Assert.Equal(new MapAnswer.Found("imap9:993"), await Lookup(source, "bob"));
    }

    [Fact]
    public async Task Empty_fields_take_the_defaults()
    {
        using var db = new TempSqliteDatabase().WithPerditionTable().Route("bob", "imap1", "110");
        using var source = Source($"{db.Path}::::");

        Assert.Equal(new SqlMapTable(), source.Options.Table);
        Assert.Equal(new MapAnswer.Found("imap1:110"), await Lookup(source, "bob"));
    }

    [Fact]
    public async Task A_missing_file_is_unavailable_until_it_appears()
    {
        using var db = new TempSqliteDatabase();
        using var source = Source(db.Path);

        var missing = Assert.IsType<MapAnswer.Unavailable>(await Lookup(source, "bob"));
        Assert.StartsWith($"sqlite:{db.Path}: ", missing.Reason);
        Assert.Contains("unable to open", missing.Reason);
        Assert.False(File.Exists(db.Path), "a read-only source must not create the file");

        db.WithPerditionTable().Route("bob", "imap1");
        Assert.Equal(new MapAnswer.Found("imap1"), await Lookup(source, "bob"));
    }

    [Fact]
    public async Task A_missing_table_or_column_is_unavailable()
    {
        using var db = new TempSqliteDatabase().WithPerditionTable();
        using var noTable = Source($"{db.Path}:nosuchtable");
        using var noColumn = Source($"{db.Path}:tblPerdition:nosuchcolumn");

        Assert.Contains("no such table", Assert.IsType<MapAnswer.Unavailable>(await Lookup(noTable, "bob")).Reason);
        Assert.Contains("no such column", Assert.IsType<MapAnswer.Unavailable>(await Lookup(noColumn, "bob")).Reason);
    }

    [Fact]
    public async Task A_changed_row_is_seen_by_the_next_lookup()
    {
        using var db = new TempSqliteDatabase().WithPerditionTable().Route("bob", "imap1");
        using var source = Source(db.Path);
        Assert.Equal(new MapAnswer.Found("imap1"), await Lookup(source, "bob"));

        db.Execute("UPDATE tblPerdition SET servername = 'imap2' WHERE \"user\" = 'bob'");

        Assert.Equal(new MapAnswer.Found("imap2"), await Lookup(source, "bob"));
    }

    [Fact]
    public async Task A_file_replaced_by_rename_is_seen_by_the_next_lookup()
    {
        using var db = new TempSqliteDatabase().WithPerditionTable().Route("bob", "imap1");
        using var next = new TempSqliteDatabase().WithPerditionTable().Route("bob", "imap2");
        using var source = Source(db.Path);
        Assert.Equal(new MapAnswer.Found("imap1"), await Lookup(source, "bob"));

        File.Move(next.Path, db.Path, overwrite: true);

        Assert.Equal(new MapAnswer.Found("imap2"), await Lookup(source, "bob"));
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("bob' --")]
    [InlineData("\" OR \"\"=\"")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("b_b")]
    [InlineData("bo%")]
    [InlineData("bob\0")]
    [InlineData("bob ")]
    [InlineData("bøb")]
    [InlineData("用户")]
    [InlineData("bob; DROP TABLE tblPerdition")]
    public async Task Hostile_keys_match_no_other_row(string key)
    {
        using var db = new TempSqliteDatabase().WithPerditionTable().Route("bob", "imap1").Route("alice", "imap2");
        using var source = Source(db.Path);

        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, key));
        Assert.Equal(new MapAnswer.Found("imap1"), await Lookup(source, "bob"));
    }

    [Fact]
    public async Task Hostile_and_unusual_keys_match_their_own_rows_exactly()
    {
        string[] keys = ["' OR 1=1 --", "%", "_", "bøb", "用户@例子.中国", "😀", new string('x', 100_000)];
        using var db = new TempSqliteDatabase().WithPerditionTable();
        for (var i = 0; i < keys.Length; i++)
        {
            db.Route(keys[i], $"imap{i}");
        }

        using var source = Source(db.Path);

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(new MapAnswer.Found($"imap{i}"), await Lookup(source, keys[i]));
        }

        Assert.Same(MapAnswer.NotFound.Instance, await Lookup(source, new string('x', 100_001)));
    }

    [Fact]
    public async Task A_cancelled_lookup_is_unavailable_not_an_exception()
    {
        using var db = new TempSqliteDatabase().WithPerditionTable().Route("bob", "imap1");
        using var source = Source(db.Path);

        var answer = await source.LookupAsync("bob", new CancellationToken(canceled: true));

        Assert.IsType<MapAnswer.Unavailable>(answer);
    }

    [Fact]
    public void The_name_says_it_is_sqlite_and_which_file()
    {
        using var source = Source("/srv/maps/routes.db:routes");

        Assert.Equal("sqlite:/srv/maps/routes.db", source.Name);
    }
}
