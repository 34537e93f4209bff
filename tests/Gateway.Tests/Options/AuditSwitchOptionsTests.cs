using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Tests.Options;

/// <summary>mailproxy.audit.enabled: the trail is on unless the HOCON turns it off (the benchmark's on/off comparison).</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class AuditSwitchOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-audit-switch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ProxyOptions Ready(string hocon)
    {
        var file = Path.Combine(_dir, "test.conf");
        File.WriteAllText(file, $"mailproxy.perdition-config-dir = \"{_dir}\"\nmailproxy.hostname = \"test\"\n{hocon}\n");
        return Assert.IsType<LoadResult.Ready>(OptionsLoader.Load(["--config", file, "-b", "127.0.0.1"])).Options;
    }

    [Fact]
    public void The_audit_trail_is_on_by_default()
    {
        Assert.True(Ready("").AuditEnabled);
        Assert.True(HoconSeed.Reference.GetBoolean("mailproxy.audit.enabled", false));
    }

    [Fact]
    public void Hocon_turns_the_audit_trail_off()
    {
        Assert.False(Ready("mailproxy.audit.enabled = off").AuditEnabled);
    }
}
