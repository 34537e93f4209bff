using System.Net;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.LogLines;
using ActorMailProxy.Audit.Projections;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Routing.Servers;
using ActorMailProxy.Routing.Usernames;

namespace ActorMailProxy.Gateway.Options;

/// <summary>
/// Options while they are being read: seeded from HOCON, then changed by perdition's config file and the command
/// line in that order. Each setter validates its own value, so an error names the option that caused it.
/// </summary>
public sealed class OptionsDraft
{
    public List<ListenProtocol> Protocols { get; set; } = [];

    /// <summary>-P gave the protocols: listeners come from -P/-l/-b, not from HOCON's listener list.</summary>
    public bool ProtocolsGiven { get; set; }

    public List<int> ListenPorts { get; set; } = [];

    public List<HostPort> BindAddresses { get; set; } = [];

    public List<HostPort> OutgoingServers { get; set; } = [];

    /// <summary>-p: one port for all protocols, or one per -P protocol.</summary>
    public List<int> OutgoingPorts { get; set; } = [];

    public string MapLibrary { get; set; } = "popmap";

    public string MapOption { get; set; } = "";

    public bool MapOptionGiven { get; set; }

    public int ConnectionLimit { get; set; }

    public int IpConnectionLimit { get; set; }

    public int UserConnectionLimit { get; set; }

    public List<IPNetwork> LimitExempt { get; set; } = [];

    public string? ClusterHost { get; set; }

    /// <summary>--cluster_bind: where the cluster endpoint listens when that differs from the name others reach it by.</summary>
    public string? ClusterBind { get; set; }

    public int? ClusterPort { get; set; }

    /// <summary>--cluster_seed as host:port pairs; null when neither it nor its variable was given.</summary>
    public List<HostPort>? ClusterSeeds { get; set; }

    /// <summary>--cluster_cert_file, or mailproxy.cluster.tls.cert-file; null (or "") for none.</summary>
    public string? ClusterCertFile { get; set; }

    /// <summary>--cluster_key_file; null when the key is in the certificate file.</summary>
    public string? ClusterKeyFile { get; set; }

    /// <summary>--cluster_ca_file.</summary>
    public string? ClusterCaFile { get; set; }

    /// <summary>--state_directory, or mailproxy.state-directory; null when neither gave one (<see cref="ActorMailProxy.Gateway.Options.StateDirectory"/> then decides).</summary>
    public string? StateDirectory { get; set; }

    /// <summary>--journal, or mailproxy.journal; null for the default, a SQLite file in the state directory.</summary>
    public JournalSpec? Journal { get; set; }

    /// <summary>--pop_before_smtp_ttl: how long a login lets its client address relay.</summary>
    public TimeSpan PopBeforeSmtpTtl { get; set; } = TimeSpan.FromSeconds(1800);

    /// <summary>--pop_before_smtp_policy: where this node's Postfix policy service listens; null for none.</summary>
    public IPEndPoint? PopBeforeSmtpPolicy { get; set; }

    /// <summary>--connect_relog: how often an open session's login is recorded again; zero for never.</summary>
    public TimeSpan ConnectRelog { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>--audit_feed: a file (or - for stdout) that gets a line for every event of the cluster; null for none.</summary>
    public string? AuditFeed { get; set; }

    /// <summary>--log_format: the audit feed's lines as perdition writes them, or as JSON.</summary>
    public AuditFeedFormat AuditFeedFormat { get; set; } = AuditFeedFormat.Perdition;

    /// <summary>--audit_spool, or mailproxy.audit.spool: a directory, "" for none, null for the default in the state directory.</summary>
    public string? AuditSpool { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1800);

    public TimeSpan AuthenticateTimeout { get; set; } = TimeSpan.FromSeconds(1800);

    public string? OkLine { get; set; }

    public string? PopCapability { get; set; }

    public string? ImapCapability { get; set; }

    public string? ManageSieveCapability { get; set; }

    public bool LoginDisabled { get; set; }

    public PasswordLogging LogPassword { get; set; }

    public string LogFacility { get; set; } = "mail";

    public bool Quiet { get; set; }

    public bool Debug { get; set; }

    public bool TcpKeepAlive { get; set; }

    public string? PidFile { get; set; }

    public UsernameRules Username { get; set; } = new();

    public TlsSettings Tls { get; set; } = new();

    /// <summary>-f: perdition's configuration file.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>--config: our HOCON file.</summary>
    public string? HoconFile { get; set; }

    public bool HelpRequested { get; set; }

    /// <summary>Things worth telling the operator at start-up (ignored options).</summary>
    public List<string> Notes { get; } = [];
}
