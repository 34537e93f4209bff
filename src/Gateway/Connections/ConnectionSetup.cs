using System.Net;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>What a connection's steps need to know and that never changes: protocol, TLS offer, ends, idle time allowed.</summary>
public sealed record ConnectionSetup(MailProtocol Protocol, ClientTls ClientTls, IPEndPoint Client, IPEndPoint Local, TimeSpan IdleTimeout);
