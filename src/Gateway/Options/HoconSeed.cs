using Akka.Configuration;
using ActorMailProxy.Audit.Delivery;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Audit.ReadModel;
using ActorMailProxy.Audit.Retention;
using ActorMailProxy.Routing.UserMap;

namespace ActorMailProxy.Gateway.Options;

/// <summary>Reads our HOCON: the embedded reference.conf under an optional --config file, and the mailproxy.* values that perdition's options may override.</summary>
public static class HoconSeed
{
    public static Config Reference { get; } = LoadReference();

    public static Config Load(string? hoconFile) =>
        hoconFile is null ? Reference : ConfigurationFactory.ParseString(File.ReadAllText(hoconFile)).WithFallback(Reference);

    /// <summary>A draft holding what the HOCON says; errors name the key.</summary>
    public static OptionsDraft Draft(Config config, List<string> errors)
    {
        var b = new OptionsDraft
        {
            MapLibrary = config.GetString("mailproxy.map.library", "popmap"),
            MapOption = config.GetString("mailproxy.map.option", ""),
            ConnectionLimit = config.GetInt("mailproxy.limits.connections", 0),
            IpConnectionLimit = config.GetInt("mailproxy.limits.per-ip", 0),
            UserConnectionLimit = config.GetInt("mailproxy.limits.per-user", 0),
            Timeout = config.GetTimeSpan("mailproxy.timeouts.idle", TimeSpan.FromSeconds(1800), allowInfinite: false),
            AuthenticateTimeout = config.GetTimeSpan("mailproxy.timeouts.authenticate", TimeSpan.FromSeconds(1800), allowInfinite: false),
            LogFacility = config.GetString("mailproxy.log.facility", "mail"),
            ClusterCertFile = OptionalFile(config, "mailproxy.cluster.tls.cert-file"),
            ClusterKeyFile = OptionalFile(config, "mailproxy.cluster.tls.key-file"),
            ClusterCaFile = OptionalFile(config, "mailproxy.cluster.tls.ca-file"),
            StateDirectory = OptionalFile(config, "mailproxy.state-directory"),
        };
        b.MapOptionGiven = b.MapOption.Length > 0;
        Apply(config, "mailproxy.bind-address", v => OptionValues.Servers(v, s => b.BindAddresses = s), errors);
        Apply(config, "mailproxy.outgoing-server", v => OptionValues.Servers(v, s => b.OutgoingServers = s), errors);
        Apply(config, "mailproxy.limits.exempt", v => OptionValues.Networks(v, n => b.LimitExempt = n), errors);
        Apply(config, "mailproxy.journal", v => v.Length == 0 ? null : OptionTable.Journal(v, j => b.Journal = j), errors);
        b.PopBeforeSmtpTtl = config.GetTimeSpan("mailproxy.pop-before-smtp.ttl", b.PopBeforeSmtpTtl, allowInfinite: false);
        Apply(config, "mailproxy.pop-before-smtp.policy", v => v.Length == 0 ? null : OptionValues.Endpoint(v, e => b.PopBeforeSmtpPolicy = e), errors);
        b.ConnectRelog = config.GetTimeSpan("mailproxy.timeouts.connect-relog", b.ConnectRelog, allowInfinite: false);
        Apply(config, "mailproxy.audit.feed", v => { b.AuditFeed = v.Length == 0 ? null : v; return null; }, errors);
        Apply(config, "mailproxy.audit.feed-format", v => v.Length == 0 ? null : OptionValues.FeedFormat(v, f => b.AuditFeedFormat = f), errors);
        if (config.HasPath("mailproxy.audit.spool"))
        {
            b.AuditSpool = config.GetString("mailproxy.audit.spool");
        }
        var port = config.GetInt("mailproxy.outgoing-port", 0);
        b.OutgoingPorts = port > 0 ? [port] : [];
        return b;
    }

    /// <summary>The listeners HOCON names under mailproxy.listeners (each: protocol, port, optional bind-address and outgoing-port).</summary>
    public static IReadOnlyList<(string Name, string Protocol, int Port, string? Bind, int? OutgoingPort)> Listeners(Config config)
    {
        var section = config.GetConfig("mailproxy.listeners");
        if (section is null || section.IsEmpty)
        {
            return [];
        }
        return section.AsEnumerable()
            .Select(kv => kv.Key.Split('.')[0])
            .Distinct()
            .Select(name =>
            {
                var listener = section.GetConfig(name);
                var bind = listener.GetString("bind-address", "");
                var outgoing = listener.GetInt("outgoing-port", 0);
                return (name, listener.GetString("protocol", ""), listener.GetInt("port", 0), bind.Length == 0 ? null : bind, outgoing > 0 ? (int?)outgoing : null);
            })
            .Where(l => l.Item3 > 0 || l.Item2.Length > 0)
            .ToList();
    }

    public static AuditLogSettings AuditLog(Config config) => new(
        config.GetInt("mailproxy.audit.recent-ids", 10_000),
        config.GetInt("mailproxy.audit.snapshot-every", 10_000),
        config.GetInt("mailproxy.audit.partitions", 8));

    public static AuditIndexSettings AuditIndex(Config config) => new(
        config.GetInt("mailproxy.audit.index-batch", 1_000),
        config.GetTimeSpan("mailproxy.audit.index-batch-wait", TimeSpan.FromMilliseconds(200)));

    public static AuditPublisherSettings AuditPublisher(Config config) => new(
        config.GetInt("mailproxy.audit.buffer", 10_000),
        config.GetInt("mailproxy.audit.max-batch", 1000),
        config.GetTimeSpan("mailproxy.audit.stall-warning", TimeSpan.FromSeconds(5)),
        config.GetTimeSpan("mailproxy.audit.batch-wait", AuditPublisherSettings.DefaultBatchWait));

    /// <summary>mailproxy.audit.retention (a duration, or 0 or off: for ever), retention-sweep-every, retention-batch; errors name the key.</summary>
    public static AuditRetentionSettings AuditRetention(Config config, List<string> errors)
    {
        var defaults = AuditRetentionSettings.Default;
        var keepFor = config.GetString("mailproxy.audit.retention", "") switch
        {
            "" => defaults.KeepFor,
            "off" => null,
            var text => Duration(config, "mailproxy.audit.retention", text, errors) is { } span && span > TimeSpan.Zero ? span : null,
        };
        var every = config.HasPath("mailproxy.audit.retention-sweep-every")
            ? Duration(config, "mailproxy.audit.retention-sweep-every", config.GetString("mailproxy.audit.retention-sweep-every"), errors) ?? defaults.SweepEvery
            : defaults.SweepEvery;
        if (every <= TimeSpan.Zero)
        {
            errors.Add("mailproxy.audit.retention-sweep-every: must be longer than 0");
        }
        var batch = config.GetInt("mailproxy.audit.retention-batch", defaults.Batch);
        if (batch < 1)
        {
            errors.Add($"mailproxy.audit.retention-batch: {batch} is not a number of rows (1 or more)");
        }
        return new AuditRetentionSettings(keepFor, every, batch);
    }

    public static UserMapSettings UserMap(Config config) => new()
    {
        Ttl = config.GetTimeSpan("mailproxy.user-map.ttl", TimeSpan.FromSeconds(60)),
        NegativeTtl = config.GetTimeSpan("mailproxy.user-map.negative-ttl", TimeSpan.FromSeconds(10)),
        LookupTimeout = config.GetTimeSpan("mailproxy.user-map.lookup-timeout", TimeSpan.FromSeconds(5)),
        ShardTimeout = config.GetTimeSpan("mailproxy.user-map.shard-timeout", TimeSpan.FromMilliseconds(250)),
        PassivateAfter = config.GetTimeSpan("mailproxy.user-map.passivate-after", TimeSpan.FromSeconds(120)),
        NodeCacheCapacity = config.GetInt("mailproxy.user-map.node-cache-size", 100_000),
    };

    public static AdminSettings Admin(Config config) => new()
    {
        ContactTimeout = config.GetTimeSpan("mailproxy.admin.contact-timeout", TimeSpan.FromSeconds(3)),
        MemberTimeout = config.GetTimeSpan("mailproxy.admin.member-timeout", TimeSpan.FromSeconds(3)),
    };

    /// <summary>A HOCON duration (90d, 12h, 30m), or null with an error naming the key.</summary>
    private static TimeSpan? Duration(Config config, string key, string text, List<string> errors)
    {
        try
        {
            return config.GetTimeSpan(key, allowInfinite: false);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidOperationException or ConfigurationException)
        {
            errors.Add($"{key}: '{text}' is not a duration such as 90d, 12h or 30m");
            return null;
        }
    }

    private static string? OptionalFile(Config config, string key) => config.GetString(key, "") is { Length: > 0 } path ? path : null;

    private static void Apply(Config config, string key, Func<string, string?> apply, List<string> errors)
    {
        if (apply(config.GetString(key, "")) is { } error)
        {
            errors.Add($"{key}: {error}");
        }
    }

    private static Config LoadReference()
    {
        using var stream = typeof(HoconSeed).Assembly.GetManifestResourceStream("reference.conf")
            ?? throw new InvalidOperationException("reference.conf is not embedded in the executable");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
