namespace ActorMailProxy.Routing;

/// <summary>Where one login goes: the connection's one question to the routing, whatever answers it (map, outgoing servers).</summary>
public interface IRouteResolver
{
    Task<RouteDecision> ResolveAsync(LoginContext context, CancellationToken cancellationToken);
}
