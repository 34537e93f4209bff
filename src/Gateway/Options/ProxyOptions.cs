using System.Net;
using ActorMailProxy.Audit.Delivery;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.ReadModel;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.LogLines;
using ActorMailProxy.Audit.Retention;
using ActorMailProxy.Audit.Projections;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Limits;
using ActorMailProxy.Routing.Resolution;
using ActorMailProxy.Routing.UserMap;

namespace ActorMailProxy.Gateway.Options;

/// <summary>Everything one node runs with, after HOCON, perdition's config file and the command line are merged.</summary>
public sealed record ProxyOptions
{
    public required IReadOnlyList<ListenerSpec> Listeners { get; init; }

    public required SessionOptions Session { get; init; }

    public required RoutingOptions Routing { get; init; }

    /// <summary><c>-M</c> and <c>-m</c>; <paramref name="MapOptionGiven"/> false when -m is perdition's default file.</summary>
    public required MapSpec Map { get; init; }

    public required UserMapSettings UserMap { get; init; }

    /// <summary>How long the operator commands (map flush, cluster status) wait for nodes.</summary>
    public AdminSettings Admin { get; init; } = new();

    public TlsSettings Tls { get; init; } = new();

    /// <summary>-L, --ip_connection_limit, --user_connection_limit and how admission behaves when a full share cannot borrow.</summary>
    public LimitSettings Limits { get; init; } = new();

    public TimeSpan AuthenticateTimeout { get; init; }

    public TimeSpan IdleTimeout { get; init; }

    public TimeSpan BackendConnectTimeout { get; init; }

    public TimeSpan BackendLoginTimeout { get; init; }

    public TimeSpan ClientWriteTimeout { get; init; }

    public TimeSpan ShutdownGrace { get; init; }

    public bool TcpKeepAlive { get; init; }

    /// <summary>mailproxy.pump: "auto" splices plaintext sessions in the kernel where Linux allows it; "copy" always copies.</summary>
    public bool Splice { get; init; } = true;

    public PasswordLogging LogPassword { get; init; }

    /// <summary><c>-F</c>: a syslog facility name, <c>/path</c> for a file, <c>-</c> for stdout, <c>+</c> for stderr.</summary>
    public string LogFacility { get; init; } = "mail";

    public bool Quiet { get; init; }

    public bool Debug { get; init; }

    public string? PidFile { get; init; }

    /// <summary>
    /// --state_directory as a full path (<see cref="ActorMailProxy.Gateway.Options.StateDirectory"/>): where the journal
    /// and the spool are when they are not given; created 0700 at start when one of them is in it.
    /// </summary>
    public required string StateDirectory { get; init; }

    /// <summary>--journal: where the cluster's audit log is stored (already part of <see cref="Akka"/>).</summary>
    public required JournalSpec Journal { get; init; }

    public AuditLogSettings AuditLog { get; init; } = new();

    public AuditPublisherSettings AuditPublisher { get; init; } = new();

    public AuditIndexSettings AuditIndex { get; init; } = new();

    /// <summary>mailproxy.audit.retention*: how long the journal keeps events, and how one node deletes the older ones.</summary>
    public AuditRetentionSettings AuditRetention { get; init; } = AuditRetentionSettings.Default;

    /// <summary>mailproxy.audit.enabled: off, connections record to a trail that keeps nothing (to measure what the trail costs).</summary>
    public bool AuditEnabled { get; init; } = true;

    /// <summary>--pop_before_smtp_ttl: how long a login lets its client address relay.</summary>
    public TimeSpan PopBeforeSmtpTtl { get; init; } = TimeSpan.FromSeconds(1800);

    /// <summary>--pop_before_smtp_policy: where this node's Postfix policy service listens; null for none.</summary>
    public IPEndPoint? PopBeforeSmtpPolicy { get; init; }

    /// <summary>--connect_relog: how often an open session's login is recorded again; zero for never.</summary>
    public TimeSpan ConnectRelog { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>--audit_feed: where every stored event is written as a line; null for nowhere, - for stdout.</summary>
    public string? AuditFeed { get; init; }

    public AuditFeedFormat AuditFeedFormat { get; init; } = AuditFeedFormat.Perdition;

    /// <summary>--audit_spool as a full path, or null when the node runs without a spool.</summary>
    public string? AuditSpool { get; init; }

    /// <summary>--cluster_cert_file, --cluster_key_file, --cluster_ca_file: mutual TLS on the cluster port; null for plain TCP.</summary>
    public ClusterTlsSettings? ClusterTls { get; init; }

    /// <summary>The Akka part of the configuration (cluster, remoting, persistence), with our overrides applied.</summary>
    public required Akka.Configuration.Config Akka { get; init; }
}

/// <summary>
/// One listening socket: which protocol it speaks, where, the real-server port for routes that name none (-p), and TLS
/// toward the client and toward the backend.
/// </summary>
public sealed record ListenerSpec(
    MailProtocol Protocol,
    IPEndPoint Endpoint,
    int? OutgoingPort = null,
    ClientTls ClientTls = ClientTls.None,
    OutgoingTls OutgoingTls = OutgoingTls.None)
{
    public override string ToString() => $"{Protocol.LogName()}{(ClientTls == ClientTls.Implicit ? "S" : "")} on {Endpoint}"
        + (ClientTls is ClientTls.StartTls or ClientTls.StartTlsRequired ? " (STARTTLS)" : "");
}

public sealed record MapSpec(string Library, string Option, bool OptionGiven);
