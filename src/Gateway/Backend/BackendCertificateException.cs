namespace ActorMailProxy.Gateway.Backend;

/// <summary>The backend's certificate did not pass our policy; the message says why.</summary>
internal sealed class BackendCertificateException(string message) : Exception(message);
