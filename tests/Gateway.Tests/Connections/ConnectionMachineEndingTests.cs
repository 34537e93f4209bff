using ActorMailProxy.Gateway.Connections;
using ActorMailProxy.Gateway.Pump;
using ActorMailProxy.Protocols;
using Effect = ActorMailProxy.Gateway.Connections.ConnectionEffect;
using Event = ActorMailProxy.Gateway.Connections.ConnectionEvent;
using static ActorMailProxy.Gateway.Tests.Connections.ConnectionDriver;

namespace ActorMailProxy.Gateway.Tests.Connections;

/// <summary>How a connection ends in each state: login time over, shutdown, the grace running out, idle timeout, a failed write.</summary>
public sealed class ConnectionMachineEndingTests
{
    [Fact]
    public void Login_time_over_before_login_says_goodbye_in_the_protocol_and_closes()
    {
        var c = new ConnectionDriver(MailProtocol.Imap4).Greeted().Step(Event.LoginTimeout);
        Assert.Equal("* BYE Disconnected for inactivity.\r\n", c.Written);
        Assert.Equal([typeof(Effect.Write), typeof(Effect.Stop)], c.Kinds);
    }

    [Fact]
    public void Shutdown_before_login_says_goodbye_and_closes()
    {
        var c = new ConnectionDriver().Greeted().Step(Event.Shutdown);
        Assert.Equal("-ERR Server shutting down.\r\n", c.Written);
        Assert.Equal("Server shutting down.", c.Stop?.Reason);
    }

    [Fact]
    public void Login_time_over_or_shutdown_while_waiting_for_admission_closes_at_once()
    {
        Assert.Equal("login time over while waiting for admission", new ConnectionDriver().Step(Event.Start).Step(Event.LoginTimeout).Stop?.Reason);
        Assert.Equal("shutting down while waiting for admission", new ConnectionDriver().Step(Event.Start).Step(Event.Shutdown).Stop?.Reason);
    }

    public static TheoryData<string> LoginUnderWay => ["resolving", "admitting user", "logging in"];

    private static ConnectionDriver During(string phase) => phase switch
    {
        "resolving" => new ConnectionDriver().Resolving(),
        "admitting user" => new ConnectionDriver().AdmittingUser(),
        _ => new ConnectionDriver().LoggingIn(),
    };

    private static ConnectionDriver Failing(ConnectionDriver c) => c.Phase switch
    {
        ConnectionPhase.Resolving => c.Step(new Event.RouteFound(new ActorMailProxy.Routing.Resolution.RouteDecision.NoRoute("none"))),
        ConnectionPhase.AdmittingUser => c.Step(new Event.Refused(UserLimit)),
        _ => c.Step(Rejected()),
    };

    [Theory]
    [MemberData(nameof(LoginUnderWay))]
    public void Login_time_over_during_a_login_waits_for_its_outcome_then_says_goodbye_if_it_failed(string phase)
    {
        var c = During(phase).Step(Event.LoginTimeout);
        Assert.Empty(c.Effects);
        Failing(c);
        Assert.EndsWith("-ERR Disconnected for inactivity.\r\n", c.Written);
        Assert.Equal("Disconnected for inactivity.", c.Stop?.Reason);
        Assert.IsType<SessionReport.LoginFailed>(c.Reports.Last());
        Assert.Equal(ConnectionPhase.Closed, c.Phase);
    }

    [Theory]
    [MemberData(nameof(LoginUnderWay))]
    public void Shutdown_during_a_login_lets_a_successful_one_become_a_session(string phase)
    {
        var c = During(phase).Step(Event.Shutdown);
        Assert.Empty(c.Effects);
        if (c.Phase == ConnectionPhase.Resolving)
        {
            c.Step(new Event.RouteFound(Route));
        }
        if (c.Phase == ConnectionPhase.AdmittingUser)
        {
            c.Step(Event.Admit);
        }
        Assert.Equal(ConnectionPhase.Pumping, c.Step(Accepted()).Phase);
        Assert.Null(c.Stop);
    }

    [Theory]
    [MemberData(nameof(LoginUnderWay))]
    public void Shutdown_during_a_login_that_fails_says_goodbye_instead_of_the_failure(string phase)
    {
        var c = Failing(During(phase).Step(Event.Shutdown));
        Assert.EndsWith("-ERR Server shutting down.\r\n", c.Written);
        Assert.DoesNotContain("Authentication failed", c.Written);
        Assert.Equal("Server shutting down.", c.Stop?.Reason);
    }

    [Fact]
    public void Login_time_over_then_shutdown_during_a_login_says_the_shutdown()
    {
        var c = Failing(During("logging in").Step(Event.LoginTimeout).Step(Event.Shutdown));
        Assert.Equal("Server shutting down.", c.Stop?.Reason);
    }

    [Fact]
    public void A_logged_in_session_goes_on_through_a_shutdown_and_stops_its_pump_when_the_grace_is_over()
    {
        var c = new ConnectionDriver().Pumping().Step(Event.Shutdown);
        Assert.Empty(c.Effects);
        c.Step(Event.Abort);
        Assert.Equal([typeof(Effect.StopPump)], c.Kinds);
        Assert.Equal(ConnectionPhase.Pumping, c.Phase);
        Assert.Equal("session stopped", c.Step(Ended(end: PumpEnd.Cancelled)).Stop?.Reason);
    }

    [Fact]
    public void The_grace_running_out_closes_a_connection_not_logged_in_at_once()
    {
        Assert.Equal("aborted", new ConnectionDriver().Greeted().Step(Event.Abort).Stop?.Reason);
        Assert.Equal("aborted", new ConnectionDriver().LoggingIn().Step(Event.Abort).Stop?.Reason);
    }

    [Fact]
    public void An_idle_session_is_stopped_told_why_and_recorded_as_an_idle_timeout()
    {
        var c = new ConnectionDriver(MailProtocol.Imap4, idle: TimeSpan.FromSeconds(60)).Greeted().Send("a LOGIN alice secret\r\n")
            .Step(new Event.RouteFound(Route)).Step(Event.Admit).Step(Accepted());
        Assert.Empty(c.Step(new Event.IdleChecked(TimeSpan.FromSeconds(59))).Effects);
        c.Step(new Event.IdleChecked(TimeSpan.FromSeconds(60)));
        Assert.Equal([typeof(Effect.Report), typeof(Effect.StopPump)], c.Kinds);
        Assert.IsType<SessionReport.IdleTimedOut>(c.Reports.Single());
        Assert.Empty(c.Step(new Event.IdleChecked(TimeSpan.FromSeconds(90))).Effects);

        c.Step(Ended(5, 6, PumpEnd.Cancelled));
        Assert.Equal("* BYE Timeout\r\n", c.Written);
        Assert.Equal(new Effect.Stop("idle timeout", 5, 6), c.Stop);
    }

    [Fact]
    public void With_no_idle_timeout_a_quiet_session_is_never_stopped()
    {
        var c = new ConnectionDriver(idle: TimeSpan.Zero).Pumping();
        Assert.Empty(c.Step(new Event.IdleChecked(TimeSpan.FromDays(1))).Effects);
    }

    [Fact]
    public void A_failed_write_ends_the_connection_in_any_state_it_can_happen_in()
    {
        Assert.Equal("client write failed: broken pipe", new ConnectionDriver().Greeted().Step(new Event.WriteFailed("broken pipe")).Stop?.Reason);
        Assert.Equal("client write failed: timed out", new ConnectionDriver().Pumping().Step(new Event.WriteFailed("timed out")).Stop?.Reason);
    }

    [Fact]
    public void A_closed_connection_does_nothing_more_whatever_comes()
    {
        var c = new ConnectionDriver().Greeted().Step(Event.Abort);
        foreach (var e in ConnectionMachineMatrixTests.AllEvents.Values)
        {
            Assert.Empty(c.Step(e).Effects);
            Assert.Equal(ConnectionPhase.Closed, c.Phase);
        }
    }
}
