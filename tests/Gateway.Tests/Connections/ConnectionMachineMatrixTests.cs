using ActorMailProxy.Gateway.Connections;
using ActorMailProxy.Protocols;
using Event = ActorMailProxy.Gateway.Connections.ConnectionEvent;
using static ActorMailProxy.Gateway.Tests.Connections.ConnectionDriver;

namespace ActorMailProxy.Gateway.Tests.Connections;

/// <summary>
/// Every state × every event: what <see cref="ConnectionMachine.Step"/> does is written down below. A pair not in
/// the table is ignored: state unchanged, nothing done (a late outcome, or a timer of a state already left).
/// </summary>
public sealed class ConnectionMachineMatrixTests
{
    // phase, event, phase after, effects in order ("-": none, but the state notes something).
    private const string Table = """
        Accepted       Started          Admitting      Report,Admit
        Accepted       WriteFailed      Closed         Stop
        Accepted       Aborted          Closed         Stop
        Admitting      Admitted         Reading        Write,Read
        Admitting      Refused          Closed         Report,Write,Stop
        Admitting      WriteFailed      Closed         Stop
        Admitting      LoginTimedOut    Closed         Stop
        Admitting      ShutdownBegun    Closed         Stop
        Admitting      Aborted          Closed         Stop
        Handshaking    TlsEstablished   Reading        Report,Write,Read
        Handshaking    TlsFailed        Closed         Stop
        Handshaking    WriteFailed      Closed         Stop
        Handshaking    LoginTimedOut    Closed         Stop
        Handshaking    ShutdownBegun    Closed         Stop
        Handshaking    Aborted          Closed         Stop
        Reading        Received         Reading        Write,Read
        Reading        ClientClosed     Closed         Stop
        Reading        ReadFailed       Closed         Stop
        Reading        WriteFailed      Closed         Stop
        Reading        LoginTimedOut    Closed         Write,Stop
        Reading        ShutdownBegun    Closed         Write,Stop
        Reading        Aborted          Closed         Stop
        Resolving      RouteFound       AdmittingUser  Admit
        Resolving      WriteFailed      Closed         Stop
        Resolving      LoginTimedOut    Resolving      -
        Resolving      ShutdownBegun    Resolving      -
        Resolving      Aborted          Closed         Stop
        AdmittingUser  Admitted         LoggingIn      LogIn
        AdmittingUser  Refused          Reading        Report,Report,Write,Read
        AdmittingUser  WriteFailed      Closed         Stop
        AdmittingUser  LoginTimedOut    AdmittingUser  -
        AdmittingUser  ShutdownBegun    AdmittingUser  -
        AdmittingUser  Aborted          Closed         Stop
        LoggingIn      BackendAccepted  Pumping        Report,Write,StartPump
        LoggingIn      BackendRefused   Reading        GiveBackUserPlace,Report,Write,Read
        LoggingIn      WriteFailed      Closed         Stop
        LoggingIn      LoginTimedOut    LoggingIn      -
        LoggingIn      ShutdownBegun    LoggingIn      -
        LoggingIn      Aborted          Closed         Stop
        Pumping        PumpEnded        Closed         Report,Stop
        Pumping        IdleChecked      Pumping        Report,StopPump
        Pumping        RelogDue         Pumping        Report
        Pumping        WriteFailed      Closed         Stop
        Pumping        Aborted          Pumping        StopPump
        """;

    /// <summary>One of each event; Received is "NOOP" read into the input when the state has a read outstanding.</summary>
    public static readonly IReadOnlyDictionary<string, Event> AllEvents = new Dictionary<string, Event>
    {
        ["Started"] = Event.Start,
        ["Admitted"] = Event.Admit,
        ["Refused"] = new Event.Refused(UserLimit),
        ["TlsEstablished"] = Event.TlsUp,
        ["TlsFailed"] = new Event.TlsFailed("bad hello"),
        ["Received"] = new Event.Received(6),
        ["ClientClosed"] = new Event.Received(0),
        ["ReadFailed"] = new Event.ReadFailed("reset"),
        ["WriteFailed"] = new Event.WriteFailed("broken pipe"),
        ["RouteFound"] = new Event.RouteFound(Route),
        ["BackendAccepted"] = Accepted(),
        ["BackendRefused"] = Rejected(),
        ["PumpEnded"] = Ended(),
        ["LoginTimedOut"] = Event.LoginTimeout,
        ["IdleChecked"] = new Event.IdleChecked(TimeSpan.FromMinutes(2)),
        ["RelogDue"] = Event.Relog,
        ["ShutdownBegun"] = Event.Shutdown,
        ["Aborted"] = Event.Abort,
    };

    public static TheoryData<ConnectionPhase, string> Pairs()
    {
        var pairs = new TheoryData<ConnectionPhase, string>();
        foreach (var phase in Enum.GetValues<ConnectionPhase>())
        {
            foreach (var e in AllEvents.Keys)
            {
                pairs.Add(phase, e);
            }
        }
        return pairs;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Each_state_answers_each_event_as_the_table_says(ConnectionPhase phase, string eventName)
    {
        var c = In(phase);
        var before = c.State;
        if (eventName == "Received" && c.Effects.Any(e => e is ConnectionEffect.Read))
        {
            c.Send("NOOP\r\n");
        }
        else
        {
            c.Step(AllEvents[eventName]);
        }
        var expected = Expected(phase, eventName);
        if (expected is null)
        {
            Assert.Empty(c.Effects);
            Assert.Same(before, c.State);
            return;
        }
        Assert.Equal(expected.Value.Phase, c.Phase);
        Assert.Equal(expected.Value.Kinds, string.Join(",", c.Kinds.Select(k => k.Name)));
        if (expected.Value.Kinds.Length == 0)
        {
            Assert.NotEqual(before, c.State);
        }
    }

    [Fact]
    public void The_table_names_only_states_and_events_that_exist()
    {
        foreach (var row in Rows())
        {
            Assert.True(Enum.TryParse<ConnectionPhase>(row[0], out _), row[0]);
            Assert.True(AllEvents.ContainsKey(row[1]), row[1]);
            Assert.True(Enum.TryParse<ConnectionPhase>(row[2], out _), row[2]);
        }
    }

    /// <summary>A connection in <paramref name="phase"/>, reached the way a client gets there; the last step's effects kept.</summary>
    private static ConnectionDriver In(ConnectionPhase phase) => phase switch
    {
        ConnectionPhase.Accepted => new ConnectionDriver(),
        ConnectionPhase.Admitting => new ConnectionDriver().Step(Event.Start),
        ConnectionPhase.Handshaking => new ConnectionDriver(MailProtocol.Pop3, ClientTls.Implicit).Step(Event.Start).Step(Event.Admit),
        ConnectionPhase.Reading => new ConnectionDriver().Greeted(),
        ConnectionPhase.Resolving => new ConnectionDriver().Resolving(),
        ConnectionPhase.AdmittingUser => new ConnectionDriver().AdmittingUser(),
        ConnectionPhase.LoggingIn => new ConnectionDriver().LoggingIn(),
        ConnectionPhase.Pumping => new ConnectionDriver(idle: TimeSpan.FromMinutes(1)).Pumping(),
        ConnectionPhase.Closed => new ConnectionDriver().Greeted().Step(Event.Abort),
        _ => throw new ArgumentOutOfRangeException(nameof(phase)),
    };

    private static (ConnectionPhase Phase, string Kinds)? Expected(ConnectionPhase phase, string eventName)
    {
        var row = Rows().SingleOrDefault(r => r[0] == phase.ToString() && r[1] == eventName);
        return row is null ? null : (Enum.Parse<ConnectionPhase>(row[2]), row[3] == "-" ? "" : row[3]);
    }

    private static IEnumerable<string[]> Rows() =>
        Table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
