using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.Maps.Sql;

namespace ActorMailProxy.Routing.Tests.Maps.Sql;

public sealed class PostgresMapOptionsTests
{
    private const string Password = "Pw-Options-7f3a";

    [Fact]
    public void All_nine_fields_are_read_in_perditions_order()
    {
        var options = PostgresMapOptions.Parse($"some.host.com:5433:aDb:bTable:cUser:{Password}:eSrvCol:fUserCol:gPortCol");

        Assert.Equal("some.host.com", options.Hosts);
        Assert.Equal(5433, options.Port);
        Assert.Equal("aDb", options.Database);
        Assert.Equal("cUser", options.User);
        Assert.Equal(Secret.FromString(Password), options.Password);
        Assert.Equal(
            new SqlMapTable { Table = "bTable", ServerColumn = "eSrvCol", UserColumn = "fUserCol", PortColumn = "gPortCol" },
            options.Table);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("localhost:5432")]
    [InlineData("localhost:5432:dbPerdition:tblPerdition:perdition:perdition")]
    [InlineData("localhost:5432:dbPerdition:tblPerdition:perdition:perdition:servername:user:port")]
    public void Omitted_trailing_fields_take_perditions_defaults(string? option)
    {
        Assert.Equal(new PostgresMapOptions(), PostgresMapOptions.Parse(option));
    }

    [Fact]
    public void The_defaults_are_those_of_perditiondb_5()
    {
        var options = new PostgresMapOptions();

        Assert.Equal(("localhost", 5432, "dbPerdition", "perdition"), (options.Hosts, options.Port, options.Database, options.User));
        Assert.Equal("perdition", options.Password.RevealText());
        Assert.Equal(("tblPerdition", "servername", "user", "port"),
            (options.Table.Table, options.Table.ServerColumn, options.Table.UserColumn, options.Table.PortColumn));
    }

    [Fact]
    public void Empty_fields_in_the_middle_take_the_defaults_too()
    {
        var options = PostgresMapOptions.Parse($"some.host.com:::::{Password}");

        Assert.Equal(new PostgresMapOptions { Hosts = "some.host.com", Password = Secret.FromString(Password) }, options);
    }

    [Fact]
    public void Several_hosts_are_kept_in_order()
    {
        Assert.Equal("db1,db2.example.org,10.0.0.3", PostgresMapOptions.Parse("db1,db2.example.org,10.0.0.3").Hosts);
    }

    [Fact]
    public void A_unix_socket_directory_is_a_host_as_in_libpq()
    {
        Assert.Equal("/run/postgresql", PostgresMapOptions.Parse("/run/postgresql").Hosts);
    }

    [Theory]
    [InlineData("db1,,db2")]
    [InlineData("db1,")]
    [InlineData("db1, db2")]
    [InlineData("localhost:pg")]
    [InlineData("localhost:0")]
    [InlineData("localhost:65536")]
    [InlineData("localhost:-1")]
    [InlineData("localhost:5432:db:tbl;drop")]
    [InlineData("localhost:5432:db:tbl:u:p:srv\"col")]
    [InlineData("localhost:5432:db:tbl:u:p:srv:usr:prt:extra")]
    public void Invalid_options_are_refused_with_every_problem(string option)
    {
        var error = Assert.Throws<MapSourceException>(() => PostgresMapOptions.Parse(option));

        Assert.Equal("postgresql", error.Path);
        Assert.NotEmpty(error.Problems);
    }

    [Fact]
    public void Problems_name_the_bad_fields_and_never_the_password()
    {
        var error = Assert.Throws<MapSourceException>(() =>
            PostgresMapOptions.Parse($"db1,,db2:pg:db:bad-table:u:{Password}:s\"c:u c:p.c:extra"));

        Assert.Equal(7, error.Problems.Count);
        Assert.DoesNotContain(Password, error.Message);
        Assert.Contains("\"pg\"", error.Message);
        Assert.Contains("bad-table", error.Message);
    }

    [Fact]
    public void The_text_form_of_the_options_hides_the_password()
    {
        var options = PostgresMapOptions.Parse($"db1:5432:db:tbl:u:{Password}");

        Assert.DoesNotContain(Password, options.ToString());
        Assert.Contains("***", options.ToString());
    }

    [Fact]
    public void The_name_of_the_source_shows_where_it_looks_but_not_the_password()
    {
        using var source = new PostgresMapSource(PostgresMapOptions.Parse($"db1,db2:5433:routes:tblRoutes:proxy:{Password}"));

        Assert.Equal("postgresql:proxy@db1,db2:5433/routes/tblRoutes", source.Name);
    }

    [Fact]
    public void Timeouts_below_a_second_are_refused_since_the_driver_counts_whole_seconds()
    {
        var error = Assert.Throws<MapSourceException>(() =>
            new PostgresMapSource(new PostgresMapOptions { ConnectTimeout = TimeSpan.FromMilliseconds(100) }));

        Assert.Single(error.Problems);
    }
}
