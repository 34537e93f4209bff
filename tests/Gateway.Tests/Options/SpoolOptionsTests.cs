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

    private string State => Path.Combine(_dir, "state");

    private string? Spool(string hocon = "", params string[] args)
    {
        var file = Path.Combine(_dir, "test.conf");
        File.WriteAllText(file, $"mailproxy.perdition-config-dir = \"{_dir}\"\nmailproxy.hostname = \"test\"\nmailproxy.state-directory = \"{State}\"\n{hocon}\n");
        return Assert.IsType<LoadResult.Ready>(OptionsLoader.Load(["--config", file, "-b", "127.0.0.1", .. args])).Options.AuditSpool;
    }

    [Fact]
    public void A_node_on_its_own_spools_by_default_in_the_state_directory_named_by_its_listeners()
    {
        Assert.Equal($"{State}/spool-127.0.0.1-110", Spool("", "-P", "POP3"));
        Assert.Equal($"{State}/spool-127.0.0.1-110+127.0.0.1-143", Spool("", "-P", "IMAP4,POP3", "-l", "143,110"));
        // A fixed cluster port does not make a cluster: without seeds the node is on its own.
        Assert.Equal($"{State}/spool-127.0.0.1-143", Spool("", "-P", "IMAP4", "--cluster_port", "2552"));
    }

    [Fact]
    public void Cluster_nodes_with_a_fixed_cluster_port_each_get_a_directory_named_by_their_endpoint()
    {
        const string seeds = "akka.cluster.seed-nodes = [\"akka.tcp://actormailproxy@proxy1:2551\"]";
        Assert.Equal($"{State}/spool", Spool(seeds));
        Assert.Equal($"{State}/spool-127.0.0.2-2552", Spool("", "--cluster_host", "127.0.0.2", "--cluster_port", "2552", "--cluster_seed", "127.0.0.2:2551"));
        Assert.Equal($"{State}/spool-proxy1-2551", Spool(seeds + "\nakka.remote.dot-netty.tcp.port = 2551", "--cluster_host", "proxy1", "--cluster_bind", "0.0.0.0"));
        Assert.Equal($"{State}/spool-__1-2551", Spool("", "--cluster_host", "::1", "--cluster_port", "2551", "--cluster_seed", "[::1]:2551"));
    }

    [Fact]
    public void A_relative_spool_given_is_taken_from_the_working_directory_not_the_state_directory()
    {
        Assert.Equal(Path.GetFullPath("given-spool"), Spool("", "--audit_spool", "given-spool"));
        Assert.Equal(Path.GetFullPath("hocon-spool"), Spool("mailproxy.audit.spool = hocon-spool"));
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
