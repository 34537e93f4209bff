using ActorMailProxy.Gateway.Backend;
using ActorMailProxy.Gateway.Logging;
using ActorMailProxy.Gateway.Pump;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Routing.Limits;
using ActorMailProxy.Audit.Delivery;

namespace ActorMailProxy.Gateway.Connections;

/// <summary>What every connection of a node shares: backends, the pump, TLS, the cluster-wide limits, the log and the audit trail.</summary>
public sealed record ConnectionServices(
    BackendConnector Connector,
    SessionPump Pump,
    TlsSetup Tls,
    IConnectionLimits Limits,
    SessionLog Log,
    IAuditTrail Audit,
    bool TcpKeepAlive);
