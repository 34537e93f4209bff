using System.Net;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.Resolution;
using ActorMailProxy.Routing.Servers;
using ActorMailProxy.Routing.UserMap;
using ActorMailProxy.Routing.Usernames;

namespace ActorMailProxy.Routing.Tests.Resolution;

public sealed class RouteResolverTests
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("192.0.2.7"), 50123);
    private static readonly IPEndPoint Local = new(IPAddress.Parse("198.51.100.1"), 110);

    private static LoginContext Login(string user, MailProtocol protocol = MailProtocol.Pop3) => new(user, Client, Local, protocol);

    private static Dictionary<string, MapAnswer> Map(params (string Key, string Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => (MapAnswer)new MapAnswer.Found(e.Value));

    private static Task<string?> NoDns(IPAddress address, CancellationToken ct) =>
        throw new InvalidOperationException("reverse DNS must not be asked");

    private static RouteResolver Resolver(RoutingOptions options, IUserMap map, Func<IPAddress, CancellationToken, Task<string?>>? dns = null) =>
        new(options, map, dns ?? NoDns);

    private static IReadOnlyList<HostPort> Servers(string list) =>
        HostPort.TryParseList(list, out var servers, out _) ? servers : throw new ArgumentException(list);

    [Theory]
    [InlineData(MailProtocol.Pop3, 110)]
    [InlineData(MailProtocol.Imap4, 143)]
    [InlineData(MailProtocol.ManageSieve, 4190)]
    public async Task A_map_entry_without_port_uses_the_protocol_default_port(MailProtocol protocol, int port)
    {
        var resolver = Resolver(new RoutingOptions(), new FakeUserMap(Map(("bob", "mail1"))));

        var decision = await resolver.ResolveAsync(Login("bob", protocol), CancellationToken.None);

        Assert.Equal(new RouteDecision.Routed(new HostPort("mail1", port), "bob", RouteOrigin.Map), decision);
    }

    [Fact]
    public async Task A_map_entry_port_wins_over_the_outgoing_port_which_wins_over_the_default()
    {
        var map = new FakeUserMap(Map(("bob", "mail1:1110"), ("amy", "mail2")));
        var resolver = Resolver(new RoutingOptions { OutgoingPort = 2110 }, map);

        Assert.Equal(new HostPort("mail1", 1110), ((RouteDecision.Routed)await resolver.ResolveAsync(Login("bob"), default)).Server);
        Assert.Equal(new HostPort("mail2", 2110), ((RouteDecision.Routed)await resolver.ResolveAsync(Login("amy"), default)).Server);
    }

    [Fact]
    public async Task Query_keys_are_asked_in_order_until_one_is_found()
    {
        Assert.True(QueryKey.TryParseList(@"\u,\D\d,\U", out var keys, out _));
        var map = new FakeUserMap(Map(("@example.com", "domainhost")));
        var resolver = Resolver(new RoutingOptions { Rules = new UsernameRules { QueryKeys = keys } }, map);

        var decision = await resolver.ResolveAsync(Login("bob@example.com"), default);

        Assert.Equal(new RouteDecision.Routed(new HostPort("domainhost", 110), "bob@example.com", RouteOrigin.Map), decision);
        Assert.Equal(["bob", "@example.com"], map.Asked);
    }

    [Fact]
    public async Task The_lookup_uses_the_servername_lookup_form_and_the_backend_the_remote_login_form()
    {
        var rules = new UsernameRules { StripDomain = UsernameStates.ServernameLookup, LowerCase = UsernameStates.All };
        var map = new FakeUserMap(Map(("bob", "mail1")));

        var decision = await Resolver(new RoutingOptions { Rules = rules }, map).ResolveAsync(Login("Bob@Example.com"), default);

        Assert.Equal(["bob"], map.Asked);
        Assert.Equal("bob@example.com", ((RouteDecision.Routed)decision).LoginUser);
    }

    [Fact]
    public async Task The_database_user_is_the_login_user_only_with_username_from_database()
    {
        var map = new FakeUserMap(Map(("bob", "robert@mail1:110")));
        var on = new RoutingOptions { Rules = new UsernameRules { UsernameFromDatabase = true } };

        var withOption = await Resolver(on, map).ResolveAsync(Login("bob"), default);
        var without = await Resolver(new RoutingOptions(), map).ResolveAsync(Login("bob"), default);

        Assert.Equal(new RouteDecision.Routed(new HostPort("mail1", 110), "robert", RouteOrigin.Map), withOption);
        Assert.Equal(new RouteDecision.Routed(new HostPort("mail1", 110), "bob", RouteOrigin.Map), without);
    }

    [Fact]
    public async Task The_database_user_gets_the_remote_login_rules_as_in_perdition()
    {
        var rules = new UsernameRules { UsernameFromDatabase = true, LowerCase = UsernameStates.RemoteLogin, StripDomain = UsernameStates.RemoteLogin };
        var map = new FakeUserMap(Map(("bob", "Robert@Example.com@mail1")));

        var decision = await Resolver(new RoutingOptions { Rules = rules }, map).ResolveAsync(Login("bob"), default);

        Assert.Equal("robert", ((RouteDecision.Routed)decision).LoginUser);
    }

    [Fact]
    public async Task Users_the_map_does_not_know_go_to_the_outgoing_servers_round_robin()
    {
        var options = new RoutingOptions { OutgoingServers = Servers("a,b:1110,c"), OutgoingPort = 2110 };
        var resolver = Resolver(options, new FakeUserMap());

        var servers = new List<HostPort>();
        for (var i = 0; i < 4; i++)
        {
            var decision = (RouteDecision.Routed)await resolver.ResolveAsync(Login("bob"), default);
            Assert.Equal(RouteOrigin.OutgoingServer, decision.Origin);
            servers.Add(decision.Server);
        }

        Assert.Equal([new("a", 2110), new("b", 1110), new("c", 2110), new("a", 2110)], servers);
    }

    [Fact]
    public async Task Round_robin_spreads_concurrent_logins_evenly()
    {
        var resolver = Resolver(new RoutingOptions { OutgoingServers = Servers("a,b,c") }, new FakeUserMap());

        var decisions = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => Task.Run(() => resolver.ResolveAsync(Login("bob"), default))));

        Assert.All(decisions.Cast<RouteDecision.Routed>().GroupBy(d => d.Server.Host), g => Assert.Equal(100, g.Count()));
    }

    [Fact]
    public async Task Without_map_entry_or_outgoing_server_there_is_no_route()
    {
        var decision = await Resolver(new RoutingOptions(), new FakeUserMap()).ResolveAsync(Login("bob"), default);

        Assert.Contains("\"bob\"", Assert.IsType<RouteDecision.NoRoute>(decision).Reason);
    }

    [Fact]
    public async Task When_every_query_key_needs_an_absent_domain_the_map_is_not_asked()
    {
        Assert.True(QueryKey.TryParseList(@"\D\d", out var keys, out _));
        var map = new FakeUserMap();

        var decision = await Resolver(new RoutingOptions { Rules = new UsernameRules { QueryKeys = keys } }, map).ResolveAsync(Login("bob"), default);

        Assert.Contains("no query key applies", Assert.IsType<RouteDecision.NoRoute>(decision).Reason);
        Assert.Empty(map.Asked);
    }

    [Fact]
    public async Task Without_a_map_the_map_is_never_asked()
    {
        var map = new FakeUserMap(Map(("bob", "mail1")));
        var options = new RoutingOptions { HasMap = false, OutgoingServers = Servers("proxyhost") };

        var decision = await Resolver(options, map).ResolveAsync(Login("bob"), default);

        Assert.Equal(new RouteDecision.Routed(new HostPort("proxyhost", 110), "bob", RouteOrigin.OutgoingServer), decision);
        Assert.Empty(map.Asked);
        Assert.IsType<RouteDecision.NoRoute>(await Resolver(options with { OutgoingServers = [] }, map).ResolveAsync(Login("bob"), default));
    }

    [Fact]
    public async Task An_unavailable_map_stops_the_key_loop_and_falls_back_to_the_outgoing_servers()
    {
        Assert.True(QueryKey.TryParseList(@"\u,\U", out var keys, out _));
        var map = new FakeUserMap(new Dictionary<string, MapAnswer> { ["bob"] = new MapAnswer.Unavailable("db down"), ["bob@x"] = new MapAnswer.Found("mail1") });
        var options = new RoutingOptions { Rules = new UsernameRules { QueryKeys = keys }, OutgoingServers = Servers("fallback") };

        var decision = await Resolver(options, map).ResolveAsync(Login("bob@x"), default);

        Assert.Equal(RouteOrigin.OutgoingServer, ((RouteDecision.Routed)decision).Origin);
        Assert.Equal(["bob"], map.Asked);
    }

    [Fact]
    public async Task An_unavailable_map_without_outgoing_server_is_unavailable_not_no_route()
    {
        var map = new FakeUserMap(new Dictionary<string, MapAnswer> { ["bob"] = new MapAnswer.Unavailable("db down") });

        var decision = await Resolver(new RoutingOptions(), map).ResolveAsync(Login("bob"), default);

        Assert.Equal("db down", Assert.IsType<RouteDecision.Unavailable>(decision).Reason);
    }

    [Fact]
    public async Task A_map_that_throws_counts_as_unavailable()
    {
        var map = new FakeUserMap { Throws = new TimeoutException("slow") };

        var decision = await Resolver(new RoutingOptions(), map).ResolveAsync(Login("bob"), default);

        Assert.Contains("slow", Assert.IsType<RouteDecision.Unavailable>(decision).Reason);
    }

    [Fact]
    public async Task A_malformed_map_value_is_never_connected_to()
    {
        var map = new FakeUserMap(Map(("bob", "user@")));

        var alone = await Resolver(new RoutingOptions(), map).ResolveAsync(Login("bob"), default);
        var withFallback = await Resolver(new RoutingOptions { OutgoingServers = Servers("fb") }, map).ResolveAsync(Login("bob"), default);

        Assert.Contains("user@", Assert.IsType<RouteDecision.Unavailable>(alone).Reason);
        Assert.Equal(RouteOrigin.OutgoingServer, ((RouteDecision.Routed)withFallback).Origin);
    }

    [Fact]
    public async Task Cancellation_reaches_the_caller()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Resolver(new RoutingOptions(), new FakeUserMap()).ResolveAsync(Login("bob"), cancelled.Token));
    }
}
