namespace ActorMailProxy.Routing.Resolution;

/// <summary>Where one login goes: the connection's one question to routing, answered by <see cref="RouteResolver"/>.</summary>
public interface IRouteResolver
{
    Task<RouteDecision> ResolveAsync(LoginContext context, CancellationToken cancellationToken);
}
