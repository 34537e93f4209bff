using System.Net;
using ActorMailProxy.Routing.Usernames;

namespace ActorMailProxy.Routing.Tests.Usernames;

public sealed class QueryKeyTests
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("192.0.2.7"), 50123);
    private static readonly IPEndPoint Local = new(IPAddress.Parse("198.51.100.1"), 110);

    [Theory]
    [InlineData(@"\U", "bob@example.com", "bob@example.com")]
    [InlineData(@"\u", "bob@example.com", "bob")]
    [InlineData(@"\u", "bob", "bob")]
    [InlineData(@"\d", "bob@example.com", "example.com")]
    [InlineData(@"\D\d", "bob@example.com", "@example.com")]
    [InlineData(@"\u\da_domain", "bob@example.com", "bobexample.coma_domain")]
    [InlineData(@"\u", "a@b@example.com", "a@b")]
    [InlineData(@"\d", "a@b@example.com", "example.com")]
    [InlineData(@"\d", "bob@", "")]
    [InlineData(@"\i", "bob", "192.0.2.7")]
    [InlineData(@"\I", "bob", "198.51.100.1")]
    [InlineData(@"\p", "bob", "50123")]
    [InlineData(@"\P", "bob", "110")]
    [InlineData(@"\\\U", "bob", @"\bob")]
    [InlineData(@"users/\u", "bob@x", "users/bob")]
    public void Expands_every_escape(string format, string user, string expected)
    {
        Assert.True(QueryKey.TryParse(format, out var key, out _));
        Assert.Equal(expected, key!.Expand(user, "@", Client, Local));
    }

    [Theory]
    [InlineData(@"\d")]
    [InlineData(@"\D\d")]
    [InlineData(@"\u\da_domain")]
    public void A_format_needing_an_absent_domain_expands_to_nothing(string format)
    {
        Assert.True(QueryKey.TryParse(format, out var key, out _));
        Assert.Null(key!.Expand("bob", "@", Client, Local));
    }

    [Fact]
    public void A_multi_character_delimiter_splits_at_its_last_occurrence()
    {
        Assert.True(QueryKey.TryParse(@"\u|\d", out var key, out _));
        Assert.Equal("a%%b|example.com", key!.Expand("a%%b%%example.com", "%%", Client, Local));
    }

    [Fact]
    public void An_ipv4_client_on_a_dual_stack_listener_expands_as_plain_ipv4()
    {
        Assert.True(QueryKey.TryParse(@"\i", out var key, out _));
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 1);
        Assert.Equal("192.0.2.7", key!.Expand("bob", "@", mapped, Local));
    }

    [Theory]
    [InlineData(@"\x", @"\x")]
    [InlineData(@"bob\", "a lone")]
    [InlineData("", "empty")]
    public void Rejects_unknown_escapes_and_empty_formats(string format, string message)
    {
        Assert.False(QueryKey.TryParse(format, out var key, out var error));
        Assert.Null(key);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Parses_a_comma_list_in_order()
    {
        Assert.True(QueryKey.TryParseList(@"\u,\D\d,fixed", out var keys, out _));
        Assert.Equal([@"\u", @"\D\d", "fixed"], keys.Select(k => k.Format));
    }

    [Fact]
    public void A_comma_list_reports_every_bad_format()
    {
        Assert.False(QueryKey.TryParseList(@"\x,\U,\y", out _, out var error));
        Assert.Contains(@"\x", error);
        Assert.Contains(@"\y", error);
    }
}
