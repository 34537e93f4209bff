using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Resolution;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>
/// What one listener's connections speak (protocol, session options with its TLS offer), how they reach backends,
/// and where their logins go: each listener has its own resolver (its -p port, its round robin over -s).
/// </summary>
public sealed record ListenerProfile(MailProtocol Protocol, SessionOptions Session, OutgoingTls OutgoingTls, IRouteResolver Routes);
