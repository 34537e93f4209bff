using System.Net;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Tests.Options;

/// <summary>The cluster and limit options of ours: command line over environment over HOCON (cluster-node.conf).</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class ClusterOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-cluster-options-").FullName;

    public void Dispose()
    {
        foreach (var (variable, _) in OptionTable.Environment)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
        Directory.Delete(_dir, recursive: true);
    }

    private LoadResult Load(params string[] args)
    {
        var hocon = Path.Combine(_dir, "test.conf");
        var clusterNode = Path.Combine(ProjectRoot(), "hocon", "cluster-node.conf");
        File.WriteAllText(hocon, File.ReadAllText(clusterNode) + $"\nmailproxy.perdition-config-dir = \"{_dir}\"\nmailproxy.hostname = \"test\"\n");
        return OptionsLoader.Load(["--config", hocon, "-b", "127.0.0.1", .. args]);
    }

    private ProxyOptions Ready(params string[] args) => Assert.IsType<LoadResult.Ready>(Load(args)).Options;

    private IReadOnlyList<string> Invalid(params string[] args) => Assert.IsType<LoadResult.Invalid>(Load(args)).Errors;

    [Fact]
    public void Cluster_node_conf_alone_names_three_seeds_and_keep_majority()
    {
        var akka = Ready().Akka;
        Assert.Equal(2551, akka.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(3, akka.GetStringList("akka.cluster.seed-nodes").Count);
        Assert.Equal("keep-majority", akka.GetString("akka.cluster.split-brain-resolver.active-strategy"));
    }

    [Fact]
    public void Host_port_and_seeds_from_the_command_line_override_the_file()
    {
        var akka = Ready("--cluster_host", "127.0.0.2", "--cluster_port", "2652", "--cluster_seed", "127.0.0.2:2651,127.0.0.2:2652").Akka;
        Assert.Equal("127.0.0.2", akka.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(2652, akka.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(["akka.tcp://actormailproxy@127.0.0.2:2651", "akka.tcp://actormailproxy@127.0.0.2:2652"], akka.GetStringList("akka.cluster.seed-nodes"));
    }

    [Fact]
    public void Cluster_bind_changes_where_it_listens_not_the_name_others_reach_it_by()
    {
        var akka = Ready("--cluster_host", "proxy1", "--cluster_bind", "0.0.0.0").Akka;
        Assert.Equal("0.0.0.0", akka.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("proxy1", akka.GetString("akka.remote.dot-netty.tcp.public-hostname"));
    }

    [Fact]
    public void Environment_variables_seed_the_options_and_the_command_line_wins()
    {
        Environment.SetEnvironmentVariable("MAILPROXY_CLUSTER_HOST", "127.0.0.3");
        Environment.SetEnvironmentVariable("MAILPROXY_CLUSTER_PORT", "2700");
        Environment.SetEnvironmentVariable("MAILPROXY_CLUSTER_SEED", "127.0.0.3:2700");
        var akka = Ready("--cluster_port", "2701").Akka;
        Assert.Equal("127.0.0.3", akka.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(2701, akka.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(["akka.tcp://actormailproxy@127.0.0.3:2700"], akka.GetStringList("akka.cluster.seed-nodes"));
    }

    [Fact]
    public void A_bad_environment_value_names_the_variable()
    {
        Environment.SetEnvironmentVariable("MAILPROXY_CLUSTER_PORT", "seventy");
        Assert.Contains(Invalid(), e => e.StartsWith("environment variable MAILPROXY_CLUSTER_PORT:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--cluster_port", "70000")]
    [InlineData("--cluster_seed", "127.0.0.1")]
    [InlineData("--cluster_seed", "127.0.0.1:2551,nonsense:")]
    [InlineData("--limit_exempt", "10.0.0.0/33")]
    [InlineData("--ip_connection_limit", "-1")]
    public void Bad_values_are_refused_naming_the_option(string option, string value) =>
        Assert.Contains(Invalid(option, value), e => e.Contains($"option {option}:", StringComparison.Ordinal));

    [Fact]
    public void Limits_and_exemptions()
    {
        var limits = Ready("-L", "100", "--ip_connection_limit", "3", "--user_connection_limit", "2", "--limit_exempt", "10.0.0.0/8,192.0.2.7").Limits;
        Assert.Equal((100, 3, 2), (limits.Total, limits.PerIp, limits.PerUser));
        Assert.True(limits.IsExempt(IPAddress.Parse("10.1.2.3")));
        Assert.True(limits.IsExempt(IPAddress.Parse("::ffff:10.1.2.3")));
        Assert.True(limits.IsExempt(IPAddress.Parse("192.0.2.7")));
        Assert.False(limits.IsExempt(IPAddress.Parse("192.0.2.8")));
        Assert.False(limits.FailOpen);
    }

    private static string ProjectRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActorMailProxy.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("ActorMailProxy.sln not found");
    }
}

/// <summary>Tests that change process environment variables run one at a time.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;
