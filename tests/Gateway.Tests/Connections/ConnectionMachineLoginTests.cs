using ActorMailProxy.Gateway.Connections;
using ActorMailProxy.Gateway.Pump;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Resolution;
using ActorMailProxy.Routing.Limits;
using Effect = ActorMailProxy.Gateway.Connections.ConnectionEffect;
using Event = ActorMailProxy.Gateway.Connections.ConnectionEvent;
using static ActorMailProxy.Gateway.Tests.Connections.ConnectionDriver;

namespace ActorMailProxy.Gateway.Tests.Connections;

/// <summary>The paths of a login through <see cref="ConnectionMachine"/>: admitted, greeted, routed, the user admitted, logged in, pumped.</summary>
public sealed class ConnectionMachineLoginTests
{
    [Fact]
    public void A_new_connection_is_reported_and_asks_the_limits_for_its_address_before_anything_is_sent()
    {
        var c = new ConnectionDriver().Step(Event.Start);
        Assert.Equal(ConnectionPhase.Admitting, c.Phase);
        Assert.Equal([typeof(Effect.Report), typeof(Effect.Admit)], c.Kinds);
        Assert.IsType<SessionReport.Opened>(c.Reports.Single());
        var admit = c.Effects.OfType<Effect.Admit>().Single();
        Assert.Equal(new AdmissionRequest.Connection(Client.Address), admit.Request);
    }

    [Fact]
    public void An_admitted_connection_is_greeted_and_read()
    {
        var c = new ConnectionDriver().Greeted();
        Assert.Equal(ConnectionPhase.Reading, c.Phase);
        Assert.Equal("+OK POP3 Ready proxy.example\r\n", c.Written);
        Assert.Equal([typeof(Effect.Write), typeof(Effect.Read)], c.Kinds);
    }

    [Fact]
    public void Commands_before_login_are_answered_and_the_next_read_follows()
    {
        var c = new ConnectionDriver().Greeted().Send("USER alice\r\n");
        Assert.Equal("+OK User name accepted, password please\r\n", c.Written);
        Assert.Equal(ConnectionPhase.Reading, c.Phase);
        Assert.Equal(typeof(Effect.Read), c.Kinds[^1]);
    }

    [Fact]
    public void Replies_to_commands_read_together_go_out_in_one_write()
    {
        var c = new ConnectionDriver(MailProtocol.Imap4).Greeted().Send("a NOOP\r\nb NOOP\r\n");
        var write = Assert.Single(c.Effects.OfType<Effect.Write>());
        Assert.Equal("a OK NOOP completed.\r\nb OK NOOP completed.\r\n", System.Text.Encoding.ASCII.GetString(write.Bytes));
    }

    [Fact]
    public void Credentials_ask_for_the_route_with_who_logs_in_from_where()
    {
        var c = new ConnectionDriver().Resolving();
        Assert.Equal(ConnectionPhase.Resolving, c.Phase);
        var resolve = Assert.IsType<Effect.ResolveRoute>(Assert.Single(c.Effects));
        Assert.Equal(new LoginContext("alice", Client, Local, MailProtocol.Pop3), resolve.Login);
        Assert.Equal("alice", c.State.Credentials?.User);
    }

    [Fact]
    public void A_route_found_asks_the_per_user_limit_for_the_servers_user_before_the_backend()
    {
        var c = new ConnectionDriver().AdmittingUser();
        Assert.Equal(ConnectionPhase.AdmittingUser, c.Phase);
        var admit = Assert.IsType<Effect.Admit>(Assert.Single(c.Effects));
        Assert.Equal(new AdmissionRequest.User("alice@example", Client.Address), admit.Request);
    }

    [Fact]
    public void An_admitted_user_logs_in_at_the_routes_server_as_the_routes_user_with_the_clients_password()
    {
        var c = new ConnectionDriver().LoggingIn();
        Assert.Equal(ConnectionPhase.LoggingIn, c.Phase);
        var login = Assert.IsType<Effect.LogIn>(Assert.Single(c.Effects));
        Assert.Equal(Route, login.Route);
        Assert.Equal("alice@example", login.Credentials.User);
        Assert.Equal("secret", login.Credentials.Password.RevealText());
        Assert.Equal("+OK POP3 Ready proxy.example\r\n", System.Text.Encoding.ASCII.GetString(login.OurGreeting));
    }

    [Fact]
    public void Login_ok_is_reported_said_to_the_client_and_the_pump_takes_what_was_pipelined()
    {
        var c = new ConnectionDriver(MailProtocol.Imap4).Greeted().Send("a LOGIN alice secret\r\nb SELECT INBOX\r\n")
            .Step(new Event.RouteFound(Route)).Step(Event.Admit).Step(Accepted());
        Assert.Equal(ConnectionPhase.Pumping, c.Phase);
        Assert.Equal([typeof(Effect.Report), typeof(Effect.Write), typeof(Effect.StartPump)], c.Kinds);
        var ok = Assert.IsType<SessionReport.LoggedIn>(c.Reports.Single());
        Assert.Equal(("alice", "backend.example:110", "alice@example"), (ok.Credentials.User, ok.Server, ok.LoginUser));
        Assert.StartsWith("a OK ", c.Written);
        Assert.Equal("b SELECT INBOX\r\n", System.Text.Encoding.ASCII.GetString(c.Effects.OfType<Effect.StartPump>().Single().PendingToBackend));
        Assert.Null(c.State.Session);
        Assert.Null(c.State.Input);
    }

    [Fact]
    public void A_session_that_ends_is_reported_with_its_bytes_and_stops_with_why()
    {
        var c = new ConnectionDriver().Pumping().Step(Ended(10, 20));
        Assert.Equal(ConnectionPhase.Closed, c.Phase);
        var ended = Assert.IsType<SessionReport.SessionEnded>(c.Reports.Single());
        Assert.Equal((10L, 20L), (ended.FromClient, ended.ToClient));
        Assert.Equal(new Effect.Stop("session closed", 10, 20), c.Stop);
        Assert.Equal("", c.Written);
    }

    [Theory]
    [InlineData(PumpEnd.ClientError, "client went away")]
    [InlineData(PumpEnd.BackendError, "backend went away")]
    [InlineData(PumpEnd.Cancelled, "session stopped")]
    public void How_the_pump_ended_is_the_reason_the_connection_stops(PumpEnd end, string reason) =>
        Assert.Equal(reason, new ConnectionDriver().Pumping().Step(Ended(end: end)).Stop?.Reason);

    [Fact]
    public void Wrong_password_gives_back_the_users_place_returns_the_client_to_auth_and_a_retry_succeeds()
    {
        var c = new ConnectionDriver().LoggingIn().Step(Rejected());
        Assert.Equal(ConnectionPhase.Reading, c.Phase);
        Assert.Equal([typeof(Effect.GiveBackUserPlace), typeof(Effect.Report), typeof(Effect.Write), typeof(Effect.Read)], c.Kinds);
        var failed = Assert.IsType<SessionReport.LoginFailed>(c.Reports.Single());
        Assert.Equal(("alice", "backend.example:110", "alice@example", "backend said no"), (failed.Credentials.User, failed.Server, failed.LoginUser, failed.Reason));
        Assert.Equal("-ERR [AUTH] Authentication failed.\r\n", c.Written);
        Assert.Null(c.State.Credentials);
        Assert.Null(c.State.Route);

        c.Send("USER alice\r\n").Send("PASS right\r\n").Step(new Event.RouteFound(Route)).Step(Event.Admit);
        Assert.Equal("right", c.Effects.OfType<Effect.LogIn>().Single().Credentials.Password.RevealText());
        Assert.Equal(ConnectionPhase.Pumping, c.Step(Accepted()).Phase);
    }

    [Fact]
    public void A_command_pipelined_behind_a_failed_login_is_answered_after_the_failure()
    {
        var c = new ConnectionDriver().Greeted().Send("USER alice\r\n").Send("PASS wrong\r\nNOOP\r\n")
            .Step(new Event.RouteFound(Route)).Step(Event.Admit).Step(Rejected());
        Assert.Equal("-ERR [AUTH] Authentication failed.\r\n+OK NOOP\r\n", c.Written);
        Assert.Equal(ConnectionPhase.Reading, c.Phase);
    }

    [Fact]
    public void The_last_failed_login_allowed_closes_the_connection()
    {
        var c = new ConnectionDriver(maxLoginFailures: 2).LoggingIn().Step(Rejected())
            .Send("USER alice\r\n").Send("PASS wrong\r\n").Step(new Event.RouteFound(Route)).Step(Event.Admit).Step(Rejected());
        Assert.Equal(ConnectionPhase.Closed, c.Phase);
        Assert.Equal("too many failed logins", c.Stop?.Reason);
        Assert.EndsWith("-ERR [AUTH] Authentication failed.\r\n", c.Written);
    }

    [Fact]
    public void No_route_fails_the_login_without_a_backend_or_a_users_place()
    {
        var c = new ConnectionDriver().Resolving().Step(new Event.RouteFound(new RouteDecision.NoRoute("no map entry")));
        Assert.DoesNotContain(c.Effects, e => e is Effect.GiveBackUserPlace or Effect.Admit or Effect.LogIn);
        var failed = Assert.IsType<SessionReport.LoginFailed>(c.Reports.Single());
        Assert.Equal(("", "", "Could not determine server (no map entry)"), (failed.Server, failed.LoginUser, failed.Reason));
        Assert.IsType<LoginFailure.Rejected>(failed.Failure);
        Assert.Equal("-ERR [AUTH] Authentication failed.\r\n", c.Written);
        Assert.Equal(ConnectionPhase.Reading, c.Phase);
    }

    [Fact]
    public void An_unavailable_map_fails_the_login_as_temporary()
    {
        var c = new ConnectionDriver().Resolving().Step(new Event.RouteFound(new RouteDecision.Unavailable("map down")));
        var failed = Assert.IsType<SessionReport.LoginFailed>(c.Reports.Single());
        Assert.Equal("User map unavailable (map down)", failed.Reason);
        Assert.Equal("-ERR [SYS/TEMP] Service temporarily unavailable, try again later.\r\n", c.Written);
    }

    [Fact]
    public void A_user_over_the_limit_is_refused_before_the_backend_is_asked_and_may_retry()
    {
        var c = new ConnectionDriver().AdmittingUser().Step(new Event.Refused(UserLimit));
        Assert.DoesNotContain(c.Effects, e => e is Effect.LogIn or Effect.GiveBackUserPlace);
        Assert.Equal([new SessionReport.Refused(UserLimit.Key, "alice")], c.Reports.Take(1));
        var failed = Assert.IsType<SessionReport.LoginFailed>(c.Reports.Skip(1).Single());
        Assert.Equal(($"limit {UserLimit.Key}", "backend.example:110"), (failed.Reason, failed.Server));
        Assert.Equal($"-ERR [IN-USE] {UserLimit.Text}\r\n", c.Written);
        Assert.Equal(ConnectionPhase.Reading, c.Phase);
    }

    [Fact]
    public void A_connection_over_a_limit_is_refused_with_the_protocols_code_and_closed()
    {
        var c = new ConnectionDriver(MailProtocol.Imap4).Step(Event.Start).Step(new Event.Refused(IpLimit));
        Assert.Equal([new SessionReport.Refused(IpLimit.Key, null)], c.Reports);
        Assert.Equal($"* BYE [LIMIT] {IpLimit.Text}\r\n", c.Written);
        Assert.Equal($"refused: {IpLimit.Text}", c.Stop?.Reason);
        Assert.Equal(ConnectionPhase.Closed, c.Phase);
    }

    [Fact]
    public void Relogs_are_reported_while_the_session_is_open()
    {
        var c = new ConnectionDriver().Pumping().Step(Event.Relog);
        Assert.IsType<SessionReport.Relogged>(c.Reports.Single());
        Assert.Equal(ConnectionPhase.Pumping, c.Phase);
    }

    [Fact]
    public void A_client_that_closes_or_fails_before_login_ends_the_connection_with_why()
    {
        Assert.Equal("client closed before login", new ConnectionDriver().Greeted().Step(new Event.Received(0)).Stop?.Reason);
        Assert.Equal("client read failed: reset", new ConnectionDriver().Greeted().Step(new Event.ReadFailed("reset")).Stop?.Reason);
    }

    [Fact]
    public void A_client_quitting_before_login_is_answered_then_closed()
    {
        var c = new ConnectionDriver().Greeted().Send("QUIT\r\n");
        Assert.Equal("+OK Bye\r\n", c.Written);
        Assert.Equal([typeof(Effect.Write), typeof(Effect.Stop)], c.Kinds);
        Assert.Equal("client quit", c.Stop?.Reason);
    }
}
