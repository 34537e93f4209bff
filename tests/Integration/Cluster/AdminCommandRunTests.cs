using ActorMailProxy.Integration.Fixtures.Dovecot;
namespace ActorMailProxy.Integration.Cluster;

/// <summary>The operator commands as processes when there is no cluster to talk to, or nothing sensible was asked.</summary>
public sealed class AdminCommandRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-admin-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task No_answering_seed_exits_1_and_names_the_seeds_it_tried()
    {
        var ports = LoopbackPorts.Take(2);
        var config = Path.Combine(_dir, "admin.conf");
        await File.WriteAllTextAsync(config, $$"""
            mailproxy.perdition-config-dir = "{{_dir}}"
            mailproxy.admin.contact-timeout = 1s
            akka.cluster.seed-nodes = ["akka.tcp://actormailproxy@127.0.0.1:{{ports[0]}}", "akka.tcp://actormailproxy@127.0.0.1:{{ports[1]}}"]
            """);

        var run = await AdminCli.RunAsync("map", "flush", "alice", "--config", config);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"no cluster node answered at 127.0.0.1:{ports[0]}, 127.0.0.1:{ports[1]} within 1 s", run.Output);
    }

    [Theory]
    [InlineData("map|fluff", "unknown command 'map fluff'")]
    [InlineData("cluster|status|-P|IMAP4|--cluster_seed|127.0.0.1:2551", "option -P/--protocol does not apply to 'actormailproxy cluster status'")]
    [InlineData("cluster|status|--cluster_seed|127.0.0.1", "option --cluster_seed: '127.0.0.1' is not host:port")]
    [InlineData("map|flush|--config_file|", "no cluster to ask")]
    public async Task Bad_usage_exits_2_and_says_what_is_wrong(string args, string expected)
    {
        var run = await AdminCli.RunAsync(args.Split('|'));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Output);
    }

    [Fact]
    public async Task Help_lists_both_commands_and_exits_0()
    {
        var run = await AdminCli.RunAsync("cluster", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("map flush [USER]", run.Output);
        Assert.Contains("cluster status", run.Output);
    }
}
