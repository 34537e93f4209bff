using System.Net;
using ActorMailProxy.Gateway.Tls;

namespace ActorMailProxy.Gateway.Backend;

/// <summary>How we talk to backends: time bounds, keep-alive, TLS, and our own endpoints (to refuse a route back to ourselves).</summary>
public sealed record BackendSettings(
    TimeSpan ConnectTimeout,
    TimeSpan LoginTimeout,
    bool TcpKeepAlive,
    int MaxLineLength,
    IReadOnlyList<IPEndPoint> OwnListeners,
    TlsSetup Tls);
