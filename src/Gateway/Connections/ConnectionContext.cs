using ActorMailProxy.Audit.Delivery;
using ActorMailProxy.Gateway.Backend;
using ActorMailProxy.Gateway.Limits;
using ActorMailProxy.Gateway.Logging;
using ActorMailProxy.Gateway.Pump;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>Everything the connections of one listener share: protocol, options, where routes and backends come from, the log and the audit trail.</summary>
public sealed record ConnectionContext(
    MailProtocol Protocol,
    SessionOptions Session,
    Func<LoginContext, CancellationToken, Task<RouteDecision>> ResolveRoute,
    BackendConnector Connector,
    SessionLog Log,
    ConnectionTimeouts Timeouts,
    bool TcpKeepAlive,
    SessionPump Pump,
    TlsSetup Tls,
    OutgoingTls OutgoingTls,
    ClusterLimits Limits,
    IAuditTrail Audit);

/// <summary>
/// <paramref name="Authenticate"/>: time allowed to log in; <paramref name="Idle"/>: idle time after login (perdition's -t);
/// <paramref name="ClientWrite"/>: bound on one write to a client that does not read; <paramref name="Relog"/>: how often a
/// logged-in session records its login again (perdition's --connect_relog), zero for never.
/// </summary>
public sealed record ConnectionTimeouts(TimeSpan Authenticate, TimeSpan Idle, TimeSpan ClientWrite, TimeSpan Relog = default);
