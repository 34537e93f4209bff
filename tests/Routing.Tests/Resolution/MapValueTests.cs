using ActorMailProxy.Routing.Resolution;
using ActorMailProxy.Routing.Servers;

namespace ActorMailProxy.Routing.Tests.Resolution;

public sealed class MapValueTests
{
    [Theory]
    [InlineData("localhost", "@", null, "localhost", null)]
    [InlineData("localhost:110", "@", null, "localhost", 110)]
    [InlineData("user@localhost", "@", "user", "localhost", null)]
    [InlineData("user@localhost:110", "@", "user", "localhost", 110)]
    [InlineData("a@b@localhost:imap", "@", "a@b", "localhost", 143)]
    [InlineData("@localhost", "@", null, "localhost", null)]
    [InlineData("[::1]", "@", null, "::1", null)]
    [InlineData("user@[::1]:143", "@", "user", "::1", 143)]
    [InlineData("user%%host:4190", "%%", "user", "host", 4190)]
    [InlineData("user@x%%host", "%%", "user@x", "host", null)]
    public void Splits_user_host_and_port_as_perdition_does(string value, string delimiter, string? user, string host, int? port)
    {
        Assert.True(MapValue.TryParse(value, delimiter, out var parsedUser, out var server));
        Assert.Equal((user, new HostPort(host, port)), (parsedUser, server));
    }

    [Theory]
    [InlineData("")]
    [InlineData("user@")]
    [InlineData("host:bogusport")]
    [InlineData("two words")]
    [InlineData("user@host:0")]
    public void Rejects_values_that_name_no_server(string value)
    {
        Assert.False(MapValue.TryParse(value, "@", out _, out _));
    }
}
