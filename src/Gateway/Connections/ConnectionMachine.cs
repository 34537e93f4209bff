using ActorMailProxy.Gateway.Pump;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Resolution;
using ActorMailProxy.Routing.Limits;
using Effect = ActorMailProxy.Gateway.Connections.ConnectionEffect;
using Event = ActorMailProxy.Gateway.Connections.ConnectionEvent;
using Phase = ActorMailProxy.Gateway.Connections.ConnectionPhase;
using ActorMailProxy.Protocols.Sessions;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>
/// A client connection as a function: <see cref="Step"/> takes its state and an event and gives the next state and
/// the effects its actor carries out. No socket, clock or actor here: every path is unit-tested without them.
/// </summary>
public static class ConnectionMachine
{
    public static ConnectionStep Step(ConnectionState s, ConnectionEvent e) => (s.Phase, e) switch
    {
        (Phase.Closed, _) => Stay(s),
        (_, Event.WriteFailed f) => Close(s, $"client write failed: {f.Reason}", []),
        (Phase.Pumping, _) => Pumping(s, e),
        (_, Event.Aborted) => Close(s, "aborted", []),
        (Phase.Accepted, Event.Started) => new(s with { Phase = Phase.Admitting },
            [new Effect.Report(SessionReport.Connected), new Effect.Admit(new AdmissionRequest.Connection(s.Setup.Client.Address))]),
        (Phase.Admitting, _) => Admitting(s, e),
        (Phase.Handshaking, _) => Handshaking(s, e),
        (Phase.Reading, _) => Reading(s, e),
        (Phase.Resolving or Phase.AdmittingUser or Phase.LoggingIn, _) => LoginUnderWay(s, e),
        _ => Stay(s),
    };

    /// <summary>Route, then the user's place, then the backend; a timeout or shutdown meanwhile waits for the outcome.</summary>
    private static ConnectionStep LoginUnderWay(ConnectionState s, ConnectionEvent e) => (s.Phase, e) switch
    {
        (_, Event.LoginTimedOut) => Stay(s with { ByeWhenLoginEnds = s.ByeWhenLoginEnds ?? "Disconnected for inactivity." }),
        (_, Event.ShutdownBegun) => Stay(s with { ByeWhenLoginEnds = "Server shutting down." }),
        (Phase.Resolving, Event.RouteFound found) => Routed(s, found.Decision),
        (Phase.AdmittingUser, Event.Admitted) => new(s with { Phase = Phase.LoggingIn }, [new Effect.LogIn(s.Route!, s.Credentials! with { User = s.Route!.LoginUser }, s.Session!.Greeting)]),
        (Phase.AdmittingUser, Event.Refused r) => LoginFailed(s, new LoginFailure.LimitReached(r.Refusal.Text), $"limit {r.Refusal.Key}",
            [new Effect.Report(new SessionReport.Refused(r.Refusal.Key, s.Credentials!.User))]),
        (Phase.LoggingIn, Event.BackendAccepted accepted) => LoggedIn(s, accepted),
        (Phase.LoggingIn, Event.BackendRefused refused) => LoginFailed(s, refused.Failure, refused.LogReason, [Effect.ReleaseUser]),
        _ => Stay(s),
    };

    private static ConnectionStep Admitting(ConnectionState s, ConnectionEvent e) => e switch
    {
        Event.Admitted => Greet(s, []),
        Event.Refused r => RefuseConnection(s, r.Refusal),
        Event.LoginTimedOut => Close(s, "login time over while waiting for admission", []),
        Event.ShutdownBegun => Close(s, "shutting down while waiting for admission", []),
        _ => Stay(s),
    };

    private static ConnectionStep RefuseConnection(ConnectionState s, LimitRefusal refusal)
    {
        List<ConnectionEffect> effects = [new Effect.Report(new SessionReport.Refused(refusal.Key, null))];
        if (s.Setup.ClientTls == ClientTls.Implicit)
        {
            // The client expects TLS first: the refusal is said inside it, bounded by the handshake timeout.
            effects.Add(Effect.StartTls);
            return new(s with { Phase = Phase.Handshaking, Refusal = refusal.Text }, effects);
        }
        return SayRefusal(s, refusal.Text, effects);
    }

    private static ConnectionStep SayRefusal(ConnectionState s, string text, List<ConnectionEffect> effects)
    {
        effects.Add(new Effect.Write(ClientSessions.LimitBye(s.Setup.Protocol, text)));
        return Close(s, $"refused: {text}", effects);
    }

    private static ConnectionStep Greet(ConnectionState s, List<ConnectionEffect> effects)
    {
        if (s.Setup.ClientTls == ClientTls.Implicit && s.ClientSecurity == TransportSecurity.Plaintext)
        {
            effects.Add(Effect.StartTls);
            return new(s with { Phase = Phase.Handshaking }, effects);
        }
        effects.Add(new Effect.Write(s.Session!.Greeting));
        return ReadNext(s, effects);
    }

    private static ConnectionStep Handshaking(ConnectionState s, ConnectionEvent e) => e switch
    {
        Event.TlsEstablished => Secured(s),
        Event.TlsFailed f => Close(s, $"TLS handshake failed: {f.Reason}", []),
        Event.LoginTimedOut => Close(s, "login time over during the TLS handshake", []),
        Event.ShutdownBegun => Close(s, "shutting down during the TLS handshake", []),
        _ => Stay(s),
    };

    private static ConnectionStep Secured(ConnectionState s)
    {
        var implicitTls = s.ClientSecurity == TransportSecurity.Plaintext && s.Setup.ClientTls == ClientTls.Implicit;
        var security = implicitTls ? TransportSecurity.Ssl : TransportSecurity.StartTls;
        s = s with { ClientSecurity = security };
        List<ConnectionEffect> effects = [new Effect.Report(new SessionReport.ClientSecured(security))];
        if (s.Refusal is { } refusal)
        {
            return SayRefusal(s, refusal, effects);
        }
        return implicitTls ? Greet(s, effects) : CarryOut(s, s.Session!.TlsEstablished(), effects);
    }

    private static ConnectionStep Reading(ConnectionState s, ConnectionEvent e)
    {
        switch (e)
        {
            case Event.Received { Count: 0 }:
                return Close(s, "client closed before login", []);
            case Event.Received r:
                s.Input!.Advance(r.Count);
                return CarryOut(s, s.Session!.Process(s.Input), []);
            case Event.ReadFailed f:
                return Close(s, $"client read failed: {f.Reason}", []);
            case Event.LoginTimedOut:
                return Bye(s, "Disconnected for inactivity.", []);
            case Event.ShutdownBegun:
                return Bye(s, "Server shutting down.", []);
            default:
                return Stay(s);
        }
    }

    /// <summary>Sends the session's replies (consecutive ones in one write); a Login, StartTls or Close ends the batch, otherwise the next read follows.</summary>
    private static ConnectionStep CarryOut(ConnectionState s, IReadOnlyList<SessionAction> actions, List<ConnectionEffect> effects)
    {
        byte[]? replies = null;
        foreach (var action in actions)
        {
            if (action is SessionAction.Reply reply)
            {
                replies = replies is null ? reply.Bytes : [.. replies, .. reply.Bytes];
                continue;
            }
            if (replies is not null)
            {
                effects.Add(new Effect.Write(replies));
                replies = null;
            }
            switch (action)
            {
                case SessionAction.Login login:
                    effects.Add(new Effect.ResolveRoute(new LoginContext(login.Credentials.User, s.Setup.Client, s.Setup.Local, s.Setup.Protocol)));
                    return new(s with { Phase = Phase.Resolving, Credentials = login.Credentials }, effects);
                case SessionAction.StartTls:
                    // The session read nothing past STARTTLS and no read is outstanding: only the handshake touches the socket.
                    effects.Add(Effect.StartTls);
                    return new(s with { Phase = Phase.Handshaking }, effects);
                case SessionAction.Close close:
                    return Close(s, close.Reason, effects);
            }
        }
        if (replies is not null)
        {
            effects.Add(new Effect.Write(replies));
        }
        return ReadNext(s, effects);
    }

    private static ConnectionStep ReadNext(ConnectionState s, List<ConnectionEffect> effects)
    {
        var into = s.Input!.GetWriteMemory();
        if (into.IsEmpty)
        {
            // Sessions consume or discard a full buffer; a full one here would make the read look like end of stream.
            return Close(s, "input buffer full", effects);
        }
        effects.Add(new Effect.Read(into));
        return new(s with { Phase = Phase.Reading }, effects);
    }

    private static ConnectionStep Routed(ConnectionState s, RouteDecision decision) => decision switch
    {
        RouteDecision.Routed route => new(s with { Phase = Phase.AdmittingUser, Route = route },
            [new Effect.Admit(new AdmissionRequest.User(route.LoginUser.Length > 0 ? route.LoginUser : s.Credentials!.User, s.Setup.Client.Address))]),
        RouteDecision.NoRoute none => LoginFailed(s, new LoginFailure.Rejected(null), $"Could not determine server ({none.Reason})", []),
        RouteDecision.Unavailable down => LoginFailed(s, new LoginFailure.Unavailable(down.Reason), $"User map unavailable ({down.Reason})", []),
        _ => throw new InvalidOperationException($"unknown route decision {decision.GetType().Name}"),
    };

    private static ConnectionStep LoggedIn(ConnectionState s, Event.BackendAccepted accepted)
    {
        var route = s.Route!;
        var report = new SessionReport.LoggedIn(s.Credentials!, route.Server.ToString(), route.LoginUser, s.ClientSecurity, accepted.Security);
        // What the client pipelined behind its login goes to the backend, after the pump starts.
        ConnectionEffect[] effects = [new Effect.Report(report), new Effect.Write(s.Session!.LoginSucceeded(accepted.Welcome)), new Effect.StartPump(s.Input!.TakeAll())];
        return new(s with { Phase = Phase.Pumping, Session = null, Input = null, ByeWhenLoginEnds = null }, effects);
    }

    private static ConnectionStep LoginFailed(ConnectionState s, LoginFailure failure, string reason, List<ConnectionEffect> effects)
    {
        effects.Add(new Effect.Report(new SessionReport.LoginFailed(s.Credentials!, s.Route?.Server.ToString() ?? "", s.Route?.LoginUser ?? "", failure, reason, s.ClientSecurity)));
        s = s with { Credentials = null, Route = null };
        if (s.ByeWhenLoginEnds is { } bye)
        {
            return Bye(s, bye, effects);
        }
        var actions = s.Session!.LoginFailed(failure);
        if (!actions.Any(a => a is SessionAction.Close))
        {
            // Commands the client pipelined after its login are answered now, as before login.
            actions = [.. actions, .. s.Session.Process(s.Input!)];
        }
        return CarryOut(s, actions, effects);
    }

    private static ConnectionStep Pumping(ConnectionState s, ConnectionEvent e) => e switch
    {
        Event.PumpEnded ended => SessionEnded(s, ended.Result),
        Event.IdleChecked idle when !s.IdleTimedOut && s.Setup.IdleTimeout > TimeSpan.Zero && idle.IdleFor >= s.Setup.IdleTimeout =>
            new(s with { IdleTimedOut = true }, [new Effect.Report(SessionReport.Idle), Effect.HaltPump]),
        Event.RelogDue => new(s, [new Effect.Report(SessionReport.StillLoggedIn)]),
        Event.Aborted => new(s, [Effect.HaltPump]),
        _ => Stay(s),
    };

    private static ConnectionStep SessionEnded(ConnectionState s, PumpResult result)
    {
        var reason = s.IdleTimedOut ? "idle timeout" : result.End switch
        {
            PumpEnd.Closed => "session closed",
            PumpEnd.ClientError => "client went away",
            PumpEnd.BackendError => "backend went away",
            _ => "session stopped",
        };
        List<ConnectionEffect> effects = [new Effect.Report(new SessionReport.SessionEnded(s.Credentials!, result.FromClient, result.ToClient))];
        if (s.IdleTimedOut)
        {
            // As perdition: tell the client why, in its protocol, before closing.
            effects.Add(new Effect.Write(ClientSessions.Bye(s.Setup.Protocol, "Timeout")));
        }
        effects.Add(new Effect.Stop(reason, result.FromClient, result.ToClient));
        return new(s with { Phase = Phase.Closed }, effects);
    }

    private static ConnectionStep Bye(ConnectionState s, string text, List<ConnectionEffect> effects)
    {
        effects.Add(new Effect.Write(ClientSessions.Bye(s.Setup.Protocol, text)));
        return Close(s, text, effects);
    }

    private static ConnectionStep Close(ConnectionState s, string reason, List<ConnectionEffect> effects)
    {
        effects.Add(new Effect.Stop(reason));
        return new(s with { Phase = Phase.Closed }, effects);
    }

    private static ConnectionStep Stay(ConnectionState s) => new(s, []);
}
