using ActorMailProxy.Audit.Retention;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Tests.Options;

/// <summary>mailproxy.audit.retention, retention-sweep-every and retention-batch: how long the audit history is kept and how it is deleted.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class RetentionOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-retention-options-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LoadResult Load(string hocon)
    {
        var file = Path.Combine(_dir, "test.conf");
        File.WriteAllText(file, $"mailproxy.perdition-config-dir = \"{_dir}\"\nmailproxy.hostname = \"test\"\n{hocon}\n");
        return OptionsLoader.Load(["--config", file, "-b", "127.0.0.1"]);
    }

    private AuditRetentionSettings Retention(string hocon) => Assert.IsType<LoadResult.Ready>(Load(hocon)).Options.AuditRetention;

    [Fact]
    public void By_default_the_history_is_kept_90_days_swept_hourly_5000_rows_at_a_time()
    {
        Assert.Equal(new AuditRetentionSettings(TimeSpan.FromDays(90), TimeSpan.FromHours(1), 5_000), Retention(""));
    }

    [Fact]
    public void Retention_takes_a_duration_and_off_or_0_keeps_the_history_for_ever()
    {
        Assert.Equal(new AuditRetentionSettings(TimeSpan.FromDays(30), TimeSpan.FromMinutes(10), 100),
            Retention("mailproxy.audit { retention = 30d, retention-sweep-every = 10m, retention-batch = 100 }"));
        Assert.Equal(TimeSpan.FromHours(12), Retention("mailproxy.audit.retention = 12h").KeepFor);
        Assert.Null(Retention("mailproxy.audit.retention = off").KeepFor);
        Assert.Null(Retention("mailproxy.audit.retention = 0").KeepFor);
    }

    [Fact]
    public void A_bad_retention_value_is_an_error_naming_its_key()
    {
        Assert.Contains("mailproxy.audit.retention: 'ninety days' is not a duration such as 90d, 12h or 30m",
            Assert.IsType<LoadResult.Invalid>(Load("mailproxy.audit.retention = \"ninety days\"")).Errors);
        Assert.Contains("mailproxy.audit.retention-batch: 0 is not a number of rows (1 or more)",
            Assert.IsType<LoadResult.Invalid>(Load("mailproxy.audit.retention-batch = 0")).Errors);
        Assert.Contains("mailproxy.audit.retention-sweep-every: must be longer than 0",
            Assert.IsType<LoadResult.Invalid>(Load("mailproxy.audit.retention-sweep-every = 0s")).Errors);
    }
}
