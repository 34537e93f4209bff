using ActorMailProxy.Gateway.Connections;
using ActorMailProxy.Protocols;
using Effect = ActorMailProxy.Gateway.Connections.ConnectionEffect;
using Event = ActorMailProxy.Gateway.Connections.ConnectionEvent;
using static ActorMailProxy.Gateway.Tests.Connections.ConnectionDriver;

namespace ActorMailProxy.Gateway.Tests.Connections;

/// <summary>TLS with the client in each state it can happen in: implicit from the start, STARTTLS before login, a refusal inside TLS.</summary>
public sealed class ConnectionMachineTlsTests
{
    [Fact]
    public void An_implicit_tls_listener_handshakes_before_the_greeting()
    {
        var c = new ConnectionDriver(MailProtocol.Imap4, ClientTls.Implicit).Step(Event.Start).Step(Event.Admit);
        Assert.Equal(ConnectionPhase.Handshaking, c.Phase);
        Assert.Equal([typeof(Effect.BeginTls)], c.Kinds);

        c.Step(Event.TlsUp);
        Assert.Equal(ConnectionPhase.Reading, c.Phase);
        Assert.Equal(new SessionReport.ClientSecured(TransportSecurity.Ssl), c.Reports.Single());
        Assert.StartsWith("* OK ", c.Written);
        Assert.Equal(TransportSecurity.Ssl, c.State.ClientSecurity);
    }

    [Fact]
    public void Stls_is_answered_then_the_handshake_runs_with_nothing_read_meanwhile()
    {
        var c = new ConnectionDriver(tls: ClientTls.StartTls).Greeted().Send("STLS\r\n");
        Assert.Equal(ConnectionPhase.Handshaking, c.Phase);
        Assert.Equal([typeof(Effect.Write), typeof(Effect.BeginTls)], c.Kinds);
        Assert.Equal("+OK Begin TLS negotiation\r\n", c.Written);

        c.Step(Event.TlsUp);
        Assert.Equal(new SessionReport.ClientSecured(TransportSecurity.StartTls), c.Reports.Single());
        Assert.Equal([typeof(Effect.Report), typeof(Effect.Read)], c.Kinds);
        Assert.Equal(ConnectionPhase.Reading, c.Phase);
    }

    [Fact]
    public void After_starttls_managesieve_says_its_capabilities_again()
    {
        var c = new ConnectionDriver(MailProtocol.ManageSieve, ClientTls.StartTls).Greeted().Send("STARTTLS\r\n").Step(Event.TlsUp);
        Assert.Contains("\"SASL\"", c.Written);
        Assert.Equal(typeof(Effect.Read), c.Kinds[^1]);
    }

    [Fact]
    public void A_login_after_starttls_reports_the_client_leg_as_starttls()
    {
        var c = new ConnectionDriver(tls: ClientTls.StartTlsRequired).Greeted().Send("STLS\r\n").Step(Event.TlsUp)
            .Send("USER alice\r\n").Send("PASS secret\r\n").Step(new Event.RouteFound(Route)).Step(Event.Admit).Step(Accepted());
        var ok = Assert.IsType<SessionReport.LoggedIn>(c.Reports.Single());
        Assert.Equal(TransportSecurity.StartTls, ok.ClientSecurity);
    }

    [Fact]
    public void A_refusal_on_an_implicit_tls_listener_is_said_inside_tls()
    {
        var c = new ConnectionDriver(MailProtocol.Pop3, ClientTls.Implicit).Step(Event.Start).Step(new Event.Refused(IpLimit));
        Assert.Equal(ConnectionPhase.Handshaking, c.Phase);
        Assert.Equal([typeof(Effect.Report), typeof(Effect.BeginTls)], c.Kinds);
        Assert.Equal("", c.Written);

        c.Step(Event.TlsUp);
        Assert.Equal($"-ERR [IN-USE] {IpLimit.Text}\r\n", c.Written);
        Assert.Equal($"refused: {IpLimit.Text}", c.Stop?.Reason);
    }

    [Fact]
    public void A_failed_handshake_ends_the_connection_with_why()
    {
        var c = new ConnectionDriver(tls: ClientTls.Implicit).Step(Event.Start).Step(Event.Admit).Step(new Event.TlsFailed("bad hello"));
        Assert.Equal("TLS handshake failed: bad hello", c.Stop?.Reason);
        Assert.Equal("", c.Written);
    }

    [Fact]
    public void Login_time_over_or_shutdown_during_the_handshake_closes_without_a_plaintext_word()
    {
        Assert.Equal("login time over during the TLS handshake",
            new ConnectionDriver(tls: ClientTls.StartTls).Greeted().Send("STLS\r\n").Step(Event.LoginTimeout).Stop?.Reason);
        var c = new ConnectionDriver(tls: ClientTls.Implicit).Step(Event.Start).Step(Event.Admit).Step(Event.Shutdown);
        Assert.Equal("shutting down during the TLS handshake", c.Stop?.Reason);
        Assert.Equal("", c.Written);
    }
}
