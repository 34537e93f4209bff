using System.Net;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Maps;
using ActorMailProxy.Routing.Resolution;
using ActorMailProxy.Routing.Servers;
using ActorMailProxy.Routing.Usernames;

namespace ActorMailProxy.Routing.Tests.Resolution;

public sealed class RouteResolverClientAndDomainTests
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("192.0.2.7"), 50123);
    private static readonly IPEndPoint Local = new(IPAddress.Parse("198.51.100.1"), 143);

    private static LoginContext Login(string user, IPEndPoint? local = null) => new(user, Client, local ?? Local, MailProtocol.Imap4);

    private static UsernameRules ClientSpecification(params string[] allowed) => new()
    {
        ClientServerSpecification = true,
        ClientServerAllowList = allowed.Select(a => AllowedServer.TryParse(a, out var s) ? s! : throw new ArgumentException(a)).ToList(),
    };

    private static Task<string?> Dns(string? name) => Task.FromResult(name);

    [Fact]
    public async Task An_allowed_client_specified_server_is_used_without_asking_the_map()
    {
        var map = new FakeUserMap();
        var options = new RoutingOptions { Rules = ClientSpecification("that.host") with { LowerCase = UsernameStates.RemoteLogin } };

        var decision = await new RouteResolver(options, map, (_, _) => Dns(null)).ResolveAsync(Login("Henry@that.host:143"), default);

        Assert.Equal(new RouteDecision.Routed(new HostPort("that.host", 143), "henry", RouteOrigin.ClientSpecified), decision);
        Assert.Empty(map.Asked);
    }

    [Fact]
    public async Task A_client_specified_server_off_the_allow_list_is_an_ordinary_user_name()
    {
        var map = new FakeUserMap(new Dictionary<string, MapAnswer> { ["henry@10.0.0.5:22"] = new MapAnswer.Found("mail1") });
        var options = new RoutingOptions { Rules = ClientSpecification("that.host") };

        var decision = await new RouteResolver(options, map, (_, _) => Dns(null)).ResolveAsync(Login("henry@10.0.0.5:22"), default);

        Assert.Equal(new RouteDecision.Routed(new HostPort("mail1", 143), "henry@10.0.0.5:22", RouteOrigin.Map), decision);
    }

    [Fact]
    public async Task Add_domain_appends_the_reverse_dns_domain_of_the_local_address()
    {
        var rules = new UsernameRules { AddDomain = UsernameStates.ServernameLookup };
        var map = new FakeUserMap(new Dictionary<string, MapAnswer> { ["bob@example.com"] = new MapAnswer.Found("mail1") });
        IPAddress? asked = null;

        var decision = await new RouteResolver(new RoutingOptions { Rules = rules }, map, (a, _) => { asked = a; return Dns("pop.example.com"); })
            .ResolveAsync(Login("bob"), default);

        Assert.Equal(Local.Address, asked);
        Assert.Equal(new RouteDecision.Routed(new HostPort("mail1", 143), "bob", RouteOrigin.Map), decision);
    }

    [Fact]
    public async Task Add_domain_in_remote_login_changes_the_backend_name_with_the_strip_depth()
    {
        var rules = new UsernameRules { AddDomain = UsernameStates.RemoteLogin, AddDomainStripDepth = 2 };
        var options = new RoutingOptions { Rules = rules, OutgoingServers = [new HostPort("mail1", null)] };

        var decision = await new RouteResolver(options, new FakeUserMap(), (_, _) => Dns("www.au.vergenet.net")).ResolveAsync(Login("bob"), default);

        Assert.Equal("bob@vergenet.net", ((RouteDecision.Routed)decision).LoginUser);
    }

    [Fact]
    public async Task An_ipv4_client_on_a_dual_stack_listener_is_looked_up_as_ipv4()
    {
        var rules = new UsernameRules { AddDomain = UsernameStates.RemoteLogin };
        var options = new RoutingOptions { Rules = rules, OutgoingServers = [new HostPort("mail1", null)] };
        IPAddress? asked = null;
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:198.51.100.1"), 143);

        await new RouteResolver(options, new FakeUserMap(), (a, _) => { asked = a; return Dns(null); }).ResolveAsync(Login("bob", mapped), default);

        Assert.Equal(IPAddress.Parse("198.51.100.1"), asked);
    }

    [Fact]
    public async Task Without_a_reverse_name_no_domain_is_added()
    {
        var rules = new UsernameRules { AddDomain = UsernameStates.All };
        var map = new FakeUserMap();

        await new RouteResolver(new RoutingOptions { Rules = rules }, map, (_, _) => Dns(null)).ResolveAsync(Login("bob"), default);

        Assert.Equal(["bob"], map.Asked);
    }

    [Fact]
    public async Task A_failing_reverse_lookup_makes_the_route_unavailable_rather_than_wrong()
    {
        var rules = new UsernameRules { AddDomain = UsernameStates.ServernameLookup };
        var map = new FakeUserMap();

        var decision = await new RouteResolver(new RoutingOptions { Rules = rules }, map, (_, _) => throw new IOException("SERVFAIL"))
            .ResolveAsync(Login("bob"), default);

        Assert.Contains("SERVFAIL", Assert.IsType<RouteDecision.Unavailable>(decision).Reason);
        Assert.Empty(map.Asked);
    }

    [Fact]
    public async Task An_explicit_domain_needs_no_reverse_lookup()
    {
        var rules = new UsernameRules { AddDomain = UsernameStates.ServernameLookup, ExplicitDomain = "example.org" };
        var map = new FakeUserMap();

        await new RouteResolver(new RoutingOptions { Rules = rules }, map, (_, _) => throw new InvalidOperationException("no DNS"))
            .ResolveAsync(Login("bob"), default);

        Assert.Equal(["bob@example.org"], map.Asked);
    }
}
