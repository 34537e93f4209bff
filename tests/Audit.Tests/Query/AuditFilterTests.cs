using System.Net;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Query;

namespace ActorMailProxy.Audit.Tests.Query;

/// <summary>What <c>audit query</c> matches: the given user, client address and time, all together.</summary>
public sealed class AuditFilterTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static LoginSucceeded Login(string client, string? user, string? mapped = null, DateTimeOffset? time = null) =>
        new("e", "n1", time ?? Noon, new AuditSession(client, "127.0.0.1:110", "POP3", User: user, MappedUser: mapped));

    [Theory]
    [InlineData("alice", true)]
    [InlineData("ALICE", true)]
    [InlineData("alice@example.org", true)]
    [InlineData("Alice@Example.ORG", true)]
    [InlineData("ali", false)]
    [InlineData("bob", false)]
    public void A_user_matches_the_name_given_or_the_name_mapped_in_any_case_but_whole(string asked, bool matches) =>
        Assert.Equal(matches, new AuditFilter(User: asked).Matches(Login("127.0.0.2:4000", "alice", "alice@example.org")));

    [Fact]
    public void A_user_filter_never_matches_an_event_without_a_user() =>
        Assert.False(new AuditFilter(User: "alice").Matches(Login("127.0.0.2:4000", null)));

    [Theory]
    [InlineData("127.0.0.2:4000", true)]
    [InlineData("127.0.0.20:4000", false)]
    [InlineData("127.0.0.3:4000", false)]
    public void An_address_matches_the_client_address_not_its_port_and_not_a_prefix(string client, bool matches) =>
        Assert.Equal(matches, new AuditFilter(Client: AuditFilter.Only(IPAddress.Parse("127.0.0.2"))).Matches(Login(client, "alice")));

    [Fact]
    public void Ipv6_clients_match_by_address_and_an_ipv4_mapped_address_matches_its_ipv4_client()
    {
        Assert.True(new AuditFilter(Client: AuditFilter.Only(IPAddress.Parse("::1"))).Matches(Login("[::1]:4000", "alice")));
        Assert.False(new AuditFilter(Client: AuditFilter.Only(IPAddress.Parse("::2"))).Matches(Login("[::1]:4000", "alice")));
        Assert.True(new AuditFilter(Client: AuditFilter.Only(IPAddress.Parse("::ffff:127.0.0.2"))).Matches(Login("127.0.0.2:4000", "alice")));
    }

    [Fact]
    public void A_network_matches_every_client_in_it() =>
        Assert.True(new AuditFilter(Client: IPNetwork.Parse("127.0.0.0/8")).Matches(Login("127.9.9.9:1", null)));

    [Fact]
    public void Since_includes_its_own_instant_and_later_only()
    {
        var filter = new AuditFilter(Since: Noon);
        Assert.True(filter.Matches(Login("127.0.0.2:1", null, time: Noon)));
        Assert.True(filter.Matches(Login("127.0.0.2:1", null, time: Noon.AddTicks(1))));
        Assert.False(filter.Matches(Login("127.0.0.2:1", null, time: Noon.AddTicks(-1))));
    }

    [Fact]
    public void Filters_combine_with_and()
    {
        var filter = new AuditFilter("alice", AuditFilter.Only(IPAddress.Parse("127.0.0.2")), Noon);
        Assert.True(filter.Matches(Login("127.0.0.2:1", "alice")));
        Assert.False(filter.Matches(Login("127.0.0.3:1", "alice")));
        Assert.False(filter.Matches(Login("127.0.0.2:1", "bob")));
        Assert.False(filter.Matches(Login("127.0.0.2:1", "alice", time: Noon.AddMinutes(-1))));
    }

    [Fact]
    public void Only_a_filter_with_no_condition_is_empty()
    {
        Assert.True(new AuditFilter().IsEmpty);
        Assert.False(new AuditFilter(Since: Noon).IsEmpty);
    }
}
