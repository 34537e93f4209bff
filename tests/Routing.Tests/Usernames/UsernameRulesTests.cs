using System.Net;
using ActorMailProxy.Routing.Usernames;

namespace ActorMailProxy.Routing.Tests.Usernames;

public sealed class UsernameRulesTests
{
    private const UsernameStates Lookup = UsernameStates.ServernameLookup;
    private const UsernameStates Remote = UsernameStates.RemoteLogin;

    [Fact]
    public void Defaults_leave_the_name_alone_and_ask_the_map_for_the_whole_name()
    {
        var rules = new UsernameRules();

        Assert.Equal("Bob@Example.com", rules.ForState("Bob@Example.com", Lookup, "derived.example"));
        Assert.Equal("@", rules.DomainDelimiter);
        Assert.Equal([QueryKey.Default], rules.QueryKeys);
        Assert.Equal(1, rules.AddDomainStripDepth);
    }

    [Theory]
    [InlineData("bob@example.com", "bob")]
    [InlineData("a@b@example.com", "a@b")]
    [InlineData("bob", "bob")]
    [InlineData("@example.com", "")]
    public void Strip_domain_removes_from_the_last_delimiter(string user, string expected)
    {
        var rules = new UsernameRules { StripDomain = Lookup };

        Assert.Equal(expected, rules.ForState(user, Lookup, null));
        Assert.Equal(user, rules.ForState(user, Remote, null));
    }

    [Fact]
    public void Strip_domain_understands_a_multi_character_delimiter()
    {
        var rules = new UsernameRules { StripDomain = UsernameStates.All, DomainDelimiter = "%%" };

        Assert.Equal("bob@x", rules.ForState("bob@x%%example.com", Remote, null));
    }

    [Fact]
    public void Lower_case_applies_only_in_its_states()
    {
        var rules = new UsernameRules { LowerCase = Remote };

        Assert.Equal("bob@example.com", rules.ForState("BoB@Example.COM", Remote, null));
        Assert.Equal("BoB@Example.COM", rules.ForState("BoB@Example.COM", Lookup, null));
    }

    [Fact]
    public void Add_domain_appends_the_derived_domain_only_to_names_without_a_delimiter()
    {
        var rules = new UsernameRules { AddDomain = UsernameStates.All };

        Assert.Equal("bob@example.com", rules.ForState("bob", Lookup, "example.com"));
        Assert.Equal("bob@other.org", rules.ForState("bob@other.org", Lookup, "example.com"));
        Assert.Equal("bob", rules.ForState("bob", Lookup, null));
    }

    [Fact]
    public void Explicit_domain_wins_over_the_derived_one()
    {
        var rules = new UsernameRules { AddDomain = Remote, ExplicitDomain = "explicit.example" };

        Assert.Equal("bob@explicit.example", rules.ForState("bob", Remote, "derived.example"));
        Assert.False(rules.DerivesDomainFromAddress(UsernameStates.All));
    }

    [Fact]
    public void Mangling_strips_then_adds_then_lowers_as_perdition_does()
    {
        var rules = new UsernameRules { StripDomain = Remote, AddDomain = Remote, LowerCase = Remote };

        Assert.Equal("bob@derived.example", rules.ForState("BOB@Other.ORG", Remote, "Derived.Example"));
    }

    [Theory]
    [InlineData(UsernameStates.ServernameLookup, UsernameStates.ServernameLookup, true)]
    [InlineData(UsernameStates.RemoteLogin, UsernameStates.ServernameLookup, false)]
    [InlineData(UsernameStates.RemoteLogin, UsernameStates.All, true)]
    [InlineData(UsernameStates.None, UsernameStates.All, false)]
    public void Needs_the_address_domain_only_when_adding_a_domain_in_a_state_without_explicit_domain(
        UsernameStates addDomain, UsernameStates asked, bool expected)
    {
        Assert.Equal(expected, new UsernameRules { AddDomain = addDomain }.DerivesDomainFromAddress(asked));
    }

    [Theory]
    [InlineData("www.au.vergenet.net", 1, "au.vergenet.net")]
    [InlineData("www.au.vergenet.net", 2, "vergenet.net")]
    [InlineData("www.au.vergenet.net", 0, "www.au.vergenet.net")]
    [InlineData("www.au.vergenet.net", 3, "net")]
    [InlineData("www.au.vergenet.net", 4, null)]
    [InlineData("mail.example.com.", 1, "example.com")]
    [InlineData("localhost", 1, null)]
    [InlineData(null, 1, null)]
    [InlineData("", 0, null)]
    public void Domain_from_host_name_strips_leading_labels(string? hostName, int depth, string? expected)
    {
        Assert.Equal(expected, UsernameRules.DomainFromHostName(hostName, depth));
    }

    [Fact]
    public void Lookup_keys_follow_query_key_order_and_skip_formats_needing_an_absent_domain()
    {
        Assert.True(QueryKey.TryParseList(@"\u,\D\d,\U", out var keys, out _));
        var rules = new UsernameRules { QueryKeys = keys };
        var client = new IPEndPoint(IPAddress.Loopback, 1);

        Assert.Equal(["bob", "@example.com", "bob@example.com"], rules.LookupKeys("bob@example.com", client, client));
        Assert.Equal(["bob", "bob"], rules.LookupKeys("bob", client, client));
    }

    [Fact]
    public void Rejects_an_empty_delimiter_and_a_negative_strip_depth()
    {
        Assert.Throws<ArgumentException>(() => new UsernameRules { DomainDelimiter = "" });
        Assert.Throws<ArgumentOutOfRangeException>(() => new UsernameRules { AddDomainStripDepth = -1 });
    }
}
