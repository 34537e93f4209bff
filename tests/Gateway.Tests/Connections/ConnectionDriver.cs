using System.Net;
using System.Text;
using ActorMailProxy.Gateway.Connections;
using ActorMailProxy.Gateway.Pump;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Resolution;
using ActorMailProxy.Routing.Servers;
using ActorMailProxy.Routing.Limits;

namespace ActorMailProxy.Gateway.Tests.Connections;

/// <summary>
/// Drives <see cref="ConnectionMachine.Step"/> as the actor would, without one: it plays the client into the read
/// effects' memory, and keeps the last step's effects for the test to look at.
/// </summary>
internal sealed class ConnectionDriver
{
    public static readonly IPEndPoint Client = new(IPAddress.Parse("192.0.2.7"), 40000);
    public static readonly IPEndPoint Local = new(IPAddress.Loopback, 1110);
    public static readonly RouteDecision.Routed Route = new(new HostPort("backend.example", 110), "alice@example", RouteOrigin.Map);
    public static readonly LimitRefusal UserLimit = new("user:alice@example", "Too many sessions for this user, try again later.");
    public static readonly LimitRefusal IpLimit = new("ip:192.0.2.7", "Too many connections from your address, try again later.");

    public ConnectionDriver(MailProtocol protocol = MailProtocol.Pop3, ClientTls tls = ClientTls.None, TimeSpan idle = default, int maxLoginFailures = 5)
    {
        var session = new SessionOptions { Hostname = "proxy.example", Tls = tls, MaxLoginFailures = maxLoginFailures };
        State = ConnectionState.Accept(new ConnectionSetup(protocol, tls, Client, Local, idle), session);
    }

    public ConnectionState State { get; private set; }

    public ConnectionPhase Phase => State.Phase;

    public IReadOnlyList<ConnectionEffect> Effects { get; private set; } = [];

    public ConnectionDriver Step(ConnectionEvent e)
    {
        (State, Effects) = ConnectionMachine.Step(State, e);
        return this;
    }

    /// <summary>The client sends <paramref name="text"/>, read into the memory of the read the last step asked for.</summary>
    public ConnectionDriver Send(string text)
    {
        var read = Effects.OfType<ConnectionEffect.Read>().Single();
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.True(bytes.Length <= read.Into.Length, "the test sends more than one read takes");
        bytes.CopyTo(read.Into);
        return Step(new ConnectionEvent.Received(bytes.Length));
    }

    /// <summary>Accepted, admitted, greeted: reading the client's first command.</summary>
    public ConnectionDriver Greeted() => Step(ConnectionEvent.Start).Step(ConnectionEvent.Admit);

    /// <summary>A POP3 client that sent USER and PASS: its route is being resolved.</summary>
    public ConnectionDriver Resolving() => Greeted().Send("USER alice\r\n").Send("PASS secret\r\n");

    public ConnectionDriver AdmittingUser() => Resolving().Step(new ConnectionEvent.RouteFound(Route));

    public ConnectionDriver LoggingIn() => AdmittingUser().Step(ConnectionEvent.Admit);

    public ConnectionDriver Pumping() => LoggingIn().Step(Accepted());

    public static ConnectionEvent.BackendAccepted Accepted() => new(BackendWelcome.Simple("Logged in."), TransportSecurity.Plaintext);

    public static ConnectionEvent.BackendRefused Rejected() => new(new LoginFailure.Rejected(null), "backend said no");

    public static ConnectionEvent.PumpEnded Ended(long fromClient = 10, long toClient = 20, PumpEnd end = PumpEnd.Closed) => new(new PumpResult(fromClient, toClient, end));

    /// <summary>Everything the last step wrote to the client, as text.</summary>
    public string Written => string.Concat(Effects.OfType<ConnectionEffect.Write>().Select(w => Encoding.ASCII.GetString(w.Bytes)));

    public ConnectionEffect.Stop? Stop => Effects.OfType<ConnectionEffect.Stop>().SingleOrDefault();

    public IEnumerable<SessionReport> Reports => Effects.OfType<ConnectionEffect.Report>().Select(r => r.What);

    /// <summary>The kinds of the last step's effects, in order: what the actor carries out.</summary>
    public IReadOnlyList<Type> Kinds => [.. Effects.Select(e => e.GetType())];
}
