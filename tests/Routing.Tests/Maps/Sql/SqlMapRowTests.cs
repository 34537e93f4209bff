using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.Maps.Sql;

namespace ActorMailProxy.Routing.Tests.Maps.Sql;

public sealed class SqlMapRowTests
{
    [Theory]
    [InlineData("imap1", null, "imap1")]
    [InlineData("imap1", "", "imap1")]
    [InlineData("imap1", "143", "imap1:143")]
    [InlineData("imap1", "imap", "imap1:imap")]
    [InlineData("bob@imap1", "143", "bob@imap1:143")]
    [InlineData("bob@imap1:110", null, "bob@imap1:110")]
    [InlineData("bob@imap1:110", "143", "bob@imap1:143")]
    [InlineData("[::1]", "143", "[::1]:143")]
    [InlineData("[::1]:110", "143", "[::1]:143")]
    [InlineData("::1", "143", "[::1]:143")]
    [InlineData("bob@2001:db8::1", "143", "bob@[2001:db8::1]:143")]
    [InlineData("::1", null, "::1")]
    public void The_port_column_is_appended_and_replaces_a_port_in_servername(string server, string? port, string expected)
    {
        Assert.Equal(new MapAnswer.Found(expected), SqlMapRow.Answer(server, port));
    }

    [Fact]
    public void Char_column_padding_is_trimmed()
    {
        Assert.Equal(new MapAnswer.Found("imap1:143"), SqlMapRow.Answer("imap1" + new string(' ', 250), "143     "));
    }

    [Fact]
    public void Numeric_port_columns_are_written_as_numbers()
    {
        Assert.Equal(new MapAnswer.Found("imap1:993"), SqlMapRow.Answer("imap1", 993));
        Assert.Equal(new MapAnswer.Found("imap1:993"), SqlMapRow.Answer("imap1", 993L));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_servername_is_not_found(string? server)
    {
        Assert.Same(MapAnswer.NotFound.Instance, SqlMapRow.Answer(server, "143"));
        Assert.Same(MapAnswer.NotFound.Instance, SqlMapRow.Answer(DBNull.Value, DBNull.Value));
    }

    [Fact]
    public void A_null_port_is_no_port()
    {
        Assert.Equal(new MapAnswer.Found("imap1"), SqlMapRow.Answer("imap1", DBNull.Value));
    }
}
