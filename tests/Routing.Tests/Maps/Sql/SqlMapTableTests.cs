using ActorMailProxy.Routing.Maps.Sql;

namespace ActorMailProxy.Routing.Tests.Maps.Sql;

public sealed class SqlMapTableTests
{
    [Fact]
    public void The_query_quotes_every_name_and_takes_the_key_as_a_parameter()
    {
        var sql = new SqlMapTable().Select(foldsUnquoted: false, "@key");

        Assert.Equal("SELECT \"servername\", \"port\" FROM \"tblPerdition\" WHERE \"user\" = @key LIMIT 1", sql);
    }

    [Fact]
    public void For_postgresql_names_perdition_left_unquoted_are_folded_as_postgresql_folds_them()
    {
        var table = new SqlMapTable { Table = "Mail.tblPerdition", ServerColumn = "ServerName", UserColumn = "UserName", PortColumn = "Port" };

        var sql = table.Select(foldsUnquoted: true, "@key");

        Assert.Equal("SELECT \"servername\", \"port\" FROM \"mail\".\"tblperdition\" WHERE \"UserName\" = @key LIMIT 1", sql);
    }

    [Theory]
    [InlineData("tblPerdition")]
    [InlineData("_t1")]
    [InlineData("mail.routes")]
    [InlineData("T_2.x_3")]
    public void Plain_table_names_are_accepted(string name)
    {
        Assert.Empty(new SqlMapTable { Table = name }.Problems());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1table")]
    [InlineData("a.b.c")]
    [InlineData("a.")]
    [InlineData(".a")]
    [InlineData("tbl\"; DROP TABLE x; --")]
    [InlineData("tbl perdition")]
    [InlineData("tbl-perdition")]
    [InlineData("tblPerditiön")]
    [InlineData("tbl\n")]
    public void Anything_else_as_a_table_is_refused(string name)
    {
        Assert.Single(new SqlMapTable { Table = name }.Problems());
        Assert.Throws<ArgumentException>(() => new SqlMapTable { Table = name }.Select(false, "@key"));
    }

    [Theory]
    [InlineData("mail.user")]
    [InlineData("a\"b")]
    [InlineData("x y")]
    public void Column_names_take_no_schema_and_no_quotes(string name)
    {
        var problems = new SqlMapTable { ServerColumn = name, UserColumn = name, PortColumn = name }.Problems();

        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Names_longer_than_postgresql_keeps_are_refused()
    {
        Assert.Empty(new SqlMapTable { Table = new string('t', 63) }.Problems());
        Assert.Single(new SqlMapTable { Table = new string('t', 64) }.Problems());
    }
}
