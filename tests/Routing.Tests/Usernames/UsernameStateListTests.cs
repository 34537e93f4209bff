using ActorMailProxy.Routing.Usernames;

namespace ActorMailProxy.Routing.Tests.Usernames;

public sealed class UsernameStateListTests
{
    [Theory]
    [InlineData("", UsernameStates.None)]
    [InlineData(null, UsernameStates.None)]
    [InlineData("all", UsernameStates.All)]
    [InlineData("ALL", UsernameStates.All)]
    [InlineData("servername_lookup", UsernameStates.ServernameLookup)]
    [InlineData("server_lookup", UsernameStates.ServernameLookup)]
    [InlineData("local_authentication", UsernameStates.LocalAuthentication)]
    [InlineData("local_auth", UsernameStates.LocalAuthentication)]
    [InlineData("remote_login", UsernameStates.RemoteLogin)]
    [InlineData("servername_lookup,remote_login", UsernameStates.ServernameLookup | UsernameStates.RemoteLogin)]
    [InlineData("remote_login,all", UsernameStates.All)]
    public void Parses_state_lists(string? text, UsernameStates expected)
    {
        Assert.True(UsernameStateList.TryParse(text, out var states, out var error));
        Assert.Null(error);
        Assert.Equal(expected, states);
    }

    [Theory]
    [InlineData("servername_lookup,bogus", "\"bogus\"")]
    [InlineData("all,2", "\"2\"")]
    [InlineData("all,", "\"\"")]
    public void Rejects_unknown_states_and_a_depth_where_none_belongs(string text, string named)
    {
        Assert.False(UsernameStateList.TryParse(text, out _, out var error));
        Assert.Contains(named, error);
    }

    [Theory]
    [InlineData("servername_lookup", UsernameStates.ServernameLookup, 1)]
    [InlineData("all,2", UsernameStates.All, 2)]
    [InlineData("all,0", UsernameStates.All, 0)]
    [InlineData("3,remote_login", UsernameStates.RemoteLogin, 3)]
    [InlineData("servername_lookup,1,remote_login,4", UsernameStates.ServernameLookup | UsernameStates.RemoteLogin, 4)]
    [InlineData("", UsernameStates.None, 1)]
    public void Add_domain_lists_take_a_strip_depth_that_defaults_to_one(string text, UsernameStates expected, int depth)
    {
        Assert.True(UsernameStateList.TryParseWithStripDepth(text, out var states, out var stripDepth, out _));
        Assert.Equal((expected, depth), (states, stripDepth));
    }

    [Fact]
    public void Add_domain_list_rejects_a_negative_depth()
    {
        Assert.False(UsernameStateList.TryParseWithStripDepth("all,-1", out _, out _, out var error));
        Assert.Contains("\"-1\"", error);
    }
}
