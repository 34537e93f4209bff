using ActorMailProxy.Gateway.Operator;

namespace ActorMailProxy.Gateway.Tests.Operator;

/// <summary>The operator commands' words come first; only the options that find the cluster may follow.</summary>
public sealed class AdminCommandLineTests
{
    private static AdminParse.Run Run(params string[] args) => Assert.IsType<AdminParse.Run>(AdminCommandLine.Parse(args));

    private static IReadOnlyList<string> Invalid(params string[] args) => Assert.IsType<AdminParse.Invalid>(AdminCommandLine.Parse(args)).Errors;

    [Fact]
    public void Cluster_status_takes_the_cluster_certificate_as_a_node_does()
    {
        var run = Run("cluster", "status", "--cluster_seed", "127.0.0.1:2551",
            "--cluster_cert_file", "op.crt", "--cluster_key_file", "op.key", "--cluster_ca_file", "ca.crt");
        Assert.Same(GetClusterStatus.Instance, run.Command.Message);
        Assert.Equal(8, run.OptionArgs.Count);
    }

    [Theory]
    [InlineData("map", true)]
    [InlineData("cluster", true)]
    [InlineData("-P", false)]
    [InlineData("--config", false)]
    [InlineData("mapx", false)]
    public void Only_the_first_word_map_or_cluster_is_an_operator_command(string first, bool admin) =>
        Assert.Equal(admin, AdminCommandLine.IsAdminCommand([first, "x"]));

    [Fact]
    public void Map_flush_with_a_user_flushes_that_key()
    {
        var run = Run("map", "flush", "alice@example.org", "--cluster_seed", "127.0.0.1:2551");
        Assert.Equal(new AdminCommand.MapFlush("alice@example.org"), run.Command);
        Assert.Equal(new FlushUser("alice@example.org"), run.Command.Message);
        Assert.Equal(["--cluster_seed", "127.0.0.1:2551"], run.OptionArgs);
    }

    [Fact]
    public void Cluster_last_login_asks_for_that_user()
    {
        var run = Run("cluster", "last-login", "alice", "--cluster_seed", "127.0.0.1:2551");
        Assert.Equal(new GetLastLogin("alice"), run.Command.Message);
        Assert.Contains("expected", Assert.Single(Invalid("cluster", "last-login")));
    }

    [Fact]
    public void Map_flush_without_a_user_flushes_every_node()
    {
        var run = Run("map", "flush", "--config", "node.conf", "--cluster_host", "127.0.0.2", "-d");
        Assert.Same(FlushAll.Instance, run.Command.Message);
        Assert.Equal(["--config", "node.conf", "--cluster_host", "127.0.0.2", "-d"], run.OptionArgs);
    }

    [Fact]
    public void Cluster_status_takes_perditions_config_file_for_its_seeds()
    {
        var run = Run("cluster", "status", "-f", "/etc/perdition/perdition.conf");
        Assert.Same(GetClusterStatus.Instance, run.Command.Message);
    }

    [Theory]
    [InlineData("map")]
    [InlineData("map|fluff")]
    [InlineData("cluster|stats")]
    [InlineData("map|flush|alice|bob")]
    [InlineData("cluster|status|alice")]
    public void Unknown_commands_are_refused(string args) =>
        Assert.Contains(Invalid(args.Split('|')), e => e.StartsWith("unknown command", StringComparison.Ordinal));

    [Theory]
    [InlineData("map|flush|-P|IMAP4", "option -P/--protocol does not apply to 'actormailproxy map flush'")]
    [InlineData("cluster|status|--cluster_port|2551", "option --cluster_port does not apply to 'actormailproxy cluster status'")]
    [InlineData("cluster|status|--bogus", "unknown option --bogus")]
    [InlineData("map|flush|--cluster_seed|127.0.0.1:2551|alice", "unexpected argument 'alice'")]
    public void Options_for_the_proxy_itself_are_refused(string args, string expected) =>
        Assert.Contains(expected, Invalid(args.Split('|')));

    [Fact]
    public void Help_is_help_wherever_it_is_asked_for() =>
        Assert.IsType<AdminParse.Help>(AdminCommandLine.Parse(["map", "--help"]));
}
