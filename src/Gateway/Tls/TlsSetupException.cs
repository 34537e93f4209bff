namespace ActorMailProxy.Gateway.Tls;

/// <summary>TLS cannot be set up as configured: a missing or unreadable certificate, a bad cipher or version setting.</summary>
public sealed class TlsSetupException(string message) : Exception(message);
