using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Tests.Options;

/// <summary>--audit_spool (and MAILPROXY_AUDIT_SPOOL, mailproxy.audit.spool): where a node keeps the events the log has not stored yet.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class SpoolOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-spool-options-").FullName;

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("MAILPROXY_AUDIT_SPOOL", null);
        Directory.Delete(_dir, recursive: true);
    }

    private string? Spool(string hocon = "", params string[] args)
    {
        var file = Path.Combine(_dir, "test.conf");
        File.WriteAllText(file, $"mailproxy.perdition-config-dir = \"{_dir}\"\nmailproxy.hostname = \"test\"\n{hocon}\n");
        return Assert.IsType<LoadResult.Ready>(OptionsLoader.Load(["--config", file, "-b", "127.0.0.1", .. args])).Options.AuditSpool;
    }

    [Fact]
    public void A_single_node_spools_by_default_in_the_working_directory()
    {
        Assert.Equal(Path.GetFullPath("actormailproxy-spool"), Spool());
    }

    [Fact]
    public void Nodes_with_a_fixed_cluster_port_each_get_a_directory_named_by_their_endpoint()
    {
        Assert.Equal(Path.GetFullPath("actormailproxy-spool-127.0.0.2-2552"), Spool("", "--cluster_host", "127.0.0.2", "--cluster_port", "2552"));
        Assert.Equal(Path.GetFullPath("actormailproxy-spool-proxy1-2551"), Spool("akka.remote.dot-netty.tcp.port = 2551", "--cluster_host", "proxy1", "--cluster_bind", "0.0.0.0"));
        Assert.Equal(Path.GetFullPath("actormailproxy-spool-__1-2551"), Spool("", "--cluster_host", "::1", "--cluster_port", "2551"));
    }

    [Fact]
    public void The_command_line_beats_the_environment_which_beats_hocon_and_an_empty_value_turns_the_spool_off()
    {
        var hocon = $"mailproxy.audit.spool = \"{_dir}/hocon\"";
        Assert.Equal($"{_dir}/hocon", Spool(hocon));
        Assert.Null(Spool("mailproxy.audit.spool = \"\""));
        Environment.SetEnvironmentVariable("MAILPROXY_AUDIT_SPOOL", $"{_dir}/env");
        Assert.Equal($"{_dir}/env", Spool(hocon));
        Assert.Equal($"{_dir}/cli", Spool(hocon, "--audit_spool", $"{_dir}/cli"));
        Assert.Null(Spool(hocon, "--audit_spool", ""));
    }
}
