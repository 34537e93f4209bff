using System.Net;
using Akka.Configuration;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Protocols;
using ActorMailProxy.Routing.Limits;
using ActorMailProxy.Routing.Resolution;

namespace ActorMailProxy.Gateway.Options;

/// <summary>Turns a finished <see cref="OptionsDraft"/> into <see cref="ProxyOptions"/>, checking what only makes sense as a whole (listeners, ports).</summary>
internal static class ProxyOptionsFromDraft
{
    private const string PlainScheme = "akka.tcp://";

    /// <summary>Akka's DotNetty transport names its addresses so when enable-ssl is on.</summary>
    private const string TlsScheme = "akka.ssl.tcp://";

    public static LoadResult Build(OptionsDraft b, Config hocon)
    {
        var errors = new List<string>();
        var listeners = ListenerPlan.Listeners(b, hocon, errors);
        var pump = hocon.GetString("mailproxy.pump", "auto");
        var whenUnreachable = hocon.GetString("mailproxy.limits.when-unreachable", "closed");
        if (whenUnreachable is not ("open" or "closed"))
        {
            errors.Add($"mailproxy.limits.when-unreachable: '{whenUnreachable}' is not open or closed");
        }
        if (pump is not ("auto" or "copy"))
        {
            errors.Add($"mailproxy.pump: '{pump}' is not auto or copy");
        }
        var clusterTls = ClusterTlsFiles(b, errors);
        var retention = HoconSeed.AuditRetention(hocon, errors);
        if (errors.Count > 0)
        {
            return new LoadResult.Invalid(errors);
        }
        var defaults = new SessionOptions();
        var hostname = hocon.GetString("mailproxy.hostname", "");
        var session = new SessionOptions
        {
            Hostname = hostname.Length > 0 ? hostname : Dns.GetHostName(),
            OkLine = b.OkLine,
            LoginDisabled = b.LoginDisabled,
            PopCapability = b.PopCapability ?? defaults.PopCapability,
            ImapCapability = b.ImapCapability ?? defaults.ImapCapability,
            ManageSieveCapability = b.ManageSieveCapability ?? defaults.ManageSieveCapability,
            MaxLineLength = hocon.GetInt("mailproxy.limits.max-line", defaults.MaxLineLength),
            MaxLiteralSize = hocon.GetInt("mailproxy.limits.max-literal", defaults.MaxLiteralSize),
            MaxBadCommands = hocon.GetInt("mailproxy.limits.max-bad-commands", defaults.MaxBadCommands),
            MaxLoginFailures = hocon.GetInt("mailproxy.limits.max-login-failures", defaults.MaxLoginFailures),
        };
        var noMap = b.MapLibrary.Length == 0 || b.MapLibrary.Equals("none", StringComparison.OrdinalIgnoreCase);
        var cluster = ClusterEndpoints(b, clusterTls is not null, DrainPhaseTimeout(hocon));
        var stateDirectory = StateDirectory.ForThisProcess(b.StateDirectory);
        var journal = b.Journal ?? AuditStatePlan.Journal(stateDirectory);
        var standalone = AuditStatePlan.Standalone(cluster);
        var endpoints = listeners.Select(l => l.Endpoint).ToList();
        var publisher = HoconSeed.AuditPublisher(hocon);
        var akka = journal.ToHocon(hocon.GetTimeSpan("mailproxy.audit.query-refresh", TimeSpan.FromMilliseconds(200)), publisher.MaxBatch).WithFallback(cluster);
        return new LoadResult.Ready(new ProxyOptions
        {
            Listeners = listeners,
            Session = session,
            Routing = new RoutingOptions
            {
                Rules = b.Username,
                OutgoingServers = b.OutgoingServers,
                HasMap = !noMap,
            },
            Map = new MapSpec(b.MapLibrary, b.MapOption, b.MapOptionGiven),
            UserMap = HoconSeed.UserMap(hocon),
            Admin = HoconSeed.Admin(hocon),
            Limits = new LimitSettings
            {
                Total = b.ConnectionLimit,
                PerIp = b.IpConnectionLimit,
                PerUser = b.UserConnectionLimit,
                Exempt = b.LimitExempt,
                AdmissionTimeout = hocon.GetTimeSpan("mailproxy.limits.admission-timeout", TimeSpan.FromMilliseconds(500)),
                FailOpen = whenUnreachable == "open",
            },
            AuthenticateTimeout = b.AuthenticateTimeout,
            IdleTimeout = b.Timeout,
            BackendConnectTimeout = hocon.GetTimeSpan("mailproxy.timeouts.backend-connect", TimeSpan.FromSeconds(10)),
            BackendLoginTimeout = hocon.GetTimeSpan("mailproxy.timeouts.backend-login", TimeSpan.FromSeconds(30)),
            ClientWriteTimeout = hocon.GetTimeSpan("mailproxy.timeouts.client-write", TimeSpan.FromSeconds(30)),
            ShutdownGrace = hocon.GetTimeSpan("mailproxy.timeouts.shutdown-grace", TimeSpan.FromSeconds(10)),
            TcpKeepAlive = b.TcpKeepAlive,
            ClusterTls = clusterTls,
            Tls = b.Tls with { HandshakeTimeout = hocon.GetTimeSpan("mailproxy.timeouts.tls-handshake", TimeSpan.FromSeconds(10)) },
            Splice = pump == "auto",
            LogPassword = b.LogPassword,
            LogFacility = b.LogFacility,
            Quiet = b.Quiet,
            Debug = b.Debug,
            PidFile = b.PidFile,
            StateDirectory = stateDirectory,
            Journal = journal,
            AuditLog = HoconSeed.AuditLog(hocon) with { LogId = AuditStatePlan.LogId(standalone, endpoints) },
            AuditPublisher = publisher,
            AuditIndex = HoconSeed.AuditIndex(hocon),
            AuditRetention = retention,
            AuditEnabled = hocon.GetBoolean("mailproxy.audit.enabled", true),
            PopBeforeSmtpTtl = b.PopBeforeSmtpTtl,
            PopBeforeSmtpPolicy = b.PopBeforeSmtpPolicy,
            ConnectRelog = b.ConnectRelog,
            AuditFeed = b.AuditFeed,
            AuditFeedFormat = b.AuditFeedFormat,
            AuditSpool = b.AuditSpool switch
            {
                null => AuditStatePlan.Spool(stateDirectory, standalone, endpoints, cluster),
                "" => null,
                var given => Path.GetFullPath(given),
            },
            Akka = akka,
        }, b.Notes);
    }

    /// <summary>
    /// The cluster TLS files go together: a certificate without the CA to check peers by (or the reverse) would leave
    /// the port open or shut to every peer, so a partial set is refused rather than guessed at.
    /// </summary>
    private static ClusterTlsSettings? ClusterTlsFiles(OptionsDraft b, List<string> errors)
    {
        if (b.ClusterCertFile is null && b.ClusterKeyFile is null && b.ClusterCaFile is null)
        {
            return null;
        }
        if (b.ClusterCertFile is { } cert && b.ClusterCaFile is { } ca)
        {
            return new ClusterTlsSettings(cert, b.ClusterKeyFile, ca);
        }
        var missing = new[] { ("--cluster_cert_file", b.ClusterCertFile), ("--cluster_ca_file", b.ClusterCaFile) }.Where(f => f.Item2 is null).Select(f => f.Item1);
        errors.Add("cluster TLS needs --cluster_cert_file and --cluster_ca_file together (mailproxy.cluster.tls cert-file and ca-file), "
            + $"and --cluster_key_file only with them; missing: {string.Join(", ", missing)}");
        return null;
    }

    /// <summary>
    /// --cluster_host, --cluster_port and --cluster_seed (or their variables) over what the HOCON says. With cluster TLS
    /// the transport's addresses are akka.ssl.tcp://, and the seeds (however they are written) are reached that way.
    /// </summary>
    private static Config ClusterEndpoints(OptionsDraft b, bool tls, Config hocon)
    {
        var overrides = new List<string>();
        if (b.ClusterHost is { } host && b.ClusterBind is null)
        {
            overrides.Add($"akka.remote.dot-netty.tcp.hostname = {Quote(host)}");
        }
        if (b.ClusterBind is { } bind)
        {
            // Akka binds to hostname and tells the others public-hostname: the name stays, the bind address changes.
            var configuredName = hocon.GetString("akka.remote.dot-netty.tcp.public-hostname", "");
            var name = b.ClusterHost ?? (configuredName.Length > 0 ? configuredName : hocon.GetString("akka.remote.dot-netty.tcp.hostname", "127.0.0.1"));
            overrides.Add($"akka.remote.dot-netty.tcp.public-hostname = {Quote(name)}");
            overrides.Add($"akka.remote.dot-netty.tcp.hostname = {Quote(bind)}");
        }
        if (b.ClusterPort is { } port)
        {
            overrides.Add($"akka.remote.dot-netty.tcp.port = {port}");
        }
        var scheme = tls ? TlsScheme : PlainScheme;
        if (b.ClusterSeeds is { } seeds)
        {
            overrides.Add(SeedNodes(seeds.Select(s => $"{scheme}{ClusterSystem.Name}@{s.Host}:{s.Port}")));
        }
        else if (tls)
        {
            overrides.Add(SeedNodes(hocon.GetStringList("akka.cluster.seed-nodes").Select(s => s.StartsWith(PlainScheme, StringComparison.Ordinal) ? TlsScheme + s[PlainScheme.Length..] : s)));
        }
        if (tls)
        {
            overrides.Add("akka.remote.dot-netty.tcp.enable-ssl = on");
        }
        return overrides.Count == 0 ? hocon : ConfigurationFactory.ParseString(string.Join("\n", overrides)).WithFallback(hocon);
    }

    private static string SeedNodes(IEnumerable<string> addresses) => $"akka.cluster.seed-nodes = [{string.Join(", ", addresses.Select(Quote))}]";

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>The drain runs in service-requests-done, whose own timeout must outlast the grace and the final close.</summary>
    private static Config DrainPhaseTimeout(Config hocon)
    {
        var grace = hocon.GetTimeSpan("mailproxy.timeouts.shutdown-grace", TimeSpan.FromSeconds(10));
        var seconds = (int)Math.Ceiling(grace.TotalSeconds) + 10;
        return ConfigurationFactory.ParseString($"akka.coordinated-shutdown.phases.service-requests-done.timeout = {seconds}s").WithFallback(hocon);
    }
}
