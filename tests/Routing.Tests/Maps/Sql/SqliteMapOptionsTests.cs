using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.Maps.Sql;

namespace ActorMailProxy.Routing.Tests.Maps.Sql;

public sealed class SqliteMapOptionsTests
{
    [Fact]
    public void A_path_alone_takes_perditions_table_layout()
    {
        var options = SqliteMapOptions.Parse("/srv/routes.db");

        Assert.Equal("/srv/routes.db", options.Path);
        Assert.Equal("tblPerdition", options.Table.Table);
        Assert.Equal("servername", options.Table.ServerColumn);
        Assert.Equal("user", options.Table.UserColumn);
        Assert.Equal("port", options.Table.PortColumn);
    }

    [Fact]
    public void All_five_fields_are_read_in_order()
    {
        var options = SqliteMapOptions.Parse("/srv/routes.db:routes:srv:login:prt");

        Assert.Equal(new SqlMapTable { Table = "routes", ServerColumn = "srv", UserColumn = "login", PortColumn = "prt" }, options.Table);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":routes")]
    [InlineData("/srv/routes.db:a:b:c:d:e")]
    [InlineData("/srv/routes.db:routes;drop")]
    [InlineData("/srv/routes.db:tbl:srv\"x")]
    public void Invalid_options_are_refused(string option)
    {
        var error = Assert.Throws<MapSourceException>(() => SqliteMapOptions.Parse(option));

        Assert.Equal("sqlite", error.Path);
        Assert.NotEmpty(error.Problems);
    }
}
