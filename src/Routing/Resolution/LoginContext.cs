using System.Net;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Routing.Resolution;

/// <summary>Who is logging in, from where, to which of our listeners: everything a route may depend on.</summary>
public sealed record LoginContext(string User, IPEndPoint Client, IPEndPoint Local, MailProtocol Protocol);
