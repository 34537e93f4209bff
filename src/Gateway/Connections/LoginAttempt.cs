using ActorMailProxy.Gateway.Backend;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Protocols;
using ActorMailProxy.Protocols.Backend;
using ActorMailProxy.Routing.Resolution;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>One login attempt with the client's credentials: find the route, then log in at that backend. It never throws.</summary>
internal static class LoginAttempt
{
    public static async Task<BackendDone> RunAsync(ConnectionContext context, Credentials credentials, LoginContext login, byte[] ourGreeting, CancellationToken ct)
    {
        RouteDecision decision;
        try
        {
            decision = await context.ResolveRoute(login, ct);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            decision = new RouteDecision.Unavailable(e.GetBaseException().Message);
        }
        switch (decision)
        {
            case RouteDecision.Routed routed:
                var server = routed.Server.ToString();
                var dialogue = BackendLogin.For(context.Protocol, credentials with { User = routed.LoginUser }, ourGreeting, TlsSetup.DialogueTls(context.OutgoingTls));
                try
                {
                    return new BackendDone(await context.Connector.LoginAsync(routed.Server.Host, routed.Server.PortOr(0), dialogue, context.OutgoingTls, ct), server, routed.LoginUser);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    return new BackendDone(new BackendLoginResult.NotLoggedIn(new LoginFailure.Unavailable(e.Message), e.Message), server);
                }
            case RouteDecision.NoRoute none:
                return new BackendDone(new BackendLoginResult.NotLoggedIn(new LoginFailure.Rejected(null), $"Could not determine server ({none.Reason})"), "");
            case RouteDecision.Unavailable down:
                return new BackendDone(new BackendLoginResult.NotLoggedIn(new LoginFailure.Unavailable(down.Reason), $"User map unavailable ({down.Reason})"), "");
            default:
                throw new InvalidOperationException($"unknown route decision {decision.GetType().Name}");
        }
    }
}
