using ActorMailProxy.Gateway.Backend;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Resolution;
using ActorMailProxy.Protocols.Sessions;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>The two remote halves of a login, route then backend; neither throws, a failure is an answer.</summary>
internal static class LoginAttempt
{
    public static async Task<RouteDecision> RouteAsync(IRouteResolver routes, LoginContext login, CancellationToken ct)
    {
        try
        {
            return await routes.ResolveAsync(login, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new RouteDecision.Unavailable(e.GetBaseException().Message);
        }
    }

    /// <summary>Logs in at the route's server with <paramref name="credentials"/>, whose user is already the route's.</summary>
    public static async Task<BackendLoginResult> LogInAsync(ConnectionContext context, RouteDecision.Routed route, Credentials credentials, byte[] ourGreeting,
        CancellationToken ct)
    {
        var outgoing = context.Listener.OutgoingTls;
        var dialogue = BackendDialogues.For(context.Listener.Protocol, credentials, ourGreeting, TlsSetup.DialogueTls(outgoing));
        try
        {
            return await context.Services.Connector.LoginAsync(route.Server.Host, route.Server.PortOr(0), dialogue, outgoing, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new BackendLoginResult.NotLoggedIn(new LoginFailure.Unavailable(e.Message), e.Message);
        }
    }
}
