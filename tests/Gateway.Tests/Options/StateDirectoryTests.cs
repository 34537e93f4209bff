using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Tests.Options;

/// <summary>
/// The state directory: where the journal and spool go when the operator did not place them. Its resolution is tried
/// with the process's facts (systemd's variable, root or not, working directory) as arguments; the loader with HOCON,
/// MAILPROXY_STATE_DIRECTORY and --state_directory.
/// </summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class StateDirectoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-state-options-").FullName;

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("MAILPROXY_STATE_DIRECTORY", null);
        Directory.Delete(_dir, recursive: true);
    }

    private ProxyOptions Ready(string hocon, params string[] args)
    {
        var file = Path.Combine(_dir, "test.conf");
        File.WriteAllText(file, $"mailproxy.perdition-config-dir = \"{_dir}\"\nmailproxy.hostname = \"test\"\n{hocon}\n");
        return Assert.IsType<LoadResult.Ready>(OptionsLoader.Load(["--config", file, "-b", "127.0.0.1", .. args])).Options;
    }

    [Fact]
    public void Systemds_state_directory_comes_before_root_and_the_working_directory()
    {
        Assert.Equal("/var/lib/amp", StateDirectory.Resolve(null, "/var/lib/amp", root: true, "/"));
        Assert.Equal("/var/lib/amp", StateDirectory.Resolve("", "/var/lib/amp", root: false, "/home/ops"));
    }

    [Fact]
    public void Of_several_systemd_state_directories_the_first_is_ours()
    {
        Assert.Equal("/var/lib/amp", StateDirectory.Resolve(null, "/var/lib/amp:/var/lib/other", root: true, "/"));
    }

    [Fact]
    public void Without_systemd_root_gets_var_lib_and_anyone_else_the_working_directory()
    {
        Assert.Equal(StateDirectory.ForRoot, StateDirectory.Resolve(null, null, root: true, "/"));
        Assert.Equal(StateDirectory.ForRoot, StateDirectory.Resolve(null, "", root: true, "/"));
        Assert.Equal("/home/ops/proxy", StateDirectory.Resolve(null, null, root: false, "/home/ops/proxy"));
    }

    [Fact]
    public void A_configured_directory_wins_and_a_relative_one_is_taken_from_the_working_directory()
    {
        Assert.Equal("/srv/amp", StateDirectory.Resolve("/srv/amp", "/var/lib/amp", root: true, "/"));
        Assert.Equal("/home/ops/state", StateDirectory.Resolve("state", "/var/lib/amp", root: false, "/home/ops"));
    }

    [Fact]
    public void A_trailing_separator_is_dropped_but_the_root_directory_stays_itself()
    {
        Assert.Equal("/srv/amp", StateDirectory.Resolve("/srv/amp/", null, root: false, "/"));
        Assert.Equal("/var/lib/amp", StateDirectory.Resolve(null, "/var/lib/amp/", root: false, "/"));
        Assert.Equal("/", StateDirectory.Resolve(null, null, root: false, "/"));
    }

    [Fact]
    public void The_default_journal_and_spool_are_in_the_state_directory_hocon_gives()
    {
        var options = Ready($"mailproxy.state-directory = \"{_dir}/state\"", "-P", "POP3,IMAP4", "-l", "110,143");
        Assert.Equal($"{_dir}/state", options.StateDirectory);
        Assert.Equal($"{_dir}/state/actormailproxy-audit.db", Assert.IsType<JournalSpec.Sqlite>(options.Journal).Path);
        Assert.Equal($"{_dir}/state/spool-127.0.0.1-110+127.0.0.1-143", options.AuditSpool);
        Assert.Contains($"{_dir}/state/actormailproxy-audit.db", options.Akka.GetString("akka.persistence.journal.sql.connection-string"));
    }

    [Fact]
    public void The_command_line_beats_the_environment_which_beats_hocon()
    {
        var hocon = $"mailproxy.state-directory = \"{_dir}/hocon\"";
        Environment.SetEnvironmentVariable("MAILPROXY_STATE_DIRECTORY", $"{_dir}/env");
        Assert.Equal($"{_dir}/env", Ready(hocon).StateDirectory);
        Assert.Equal($"{_dir}/cli", Ready(hocon, "--state_directory", $"{_dir}/cli").StateDirectory);
        Assert.Equal($"{_dir}/cli/actormailproxy-audit.db", ((JournalSpec.Sqlite)Ready(hocon, "--state_directory", $"{_dir}/cli").Journal).Path);
    }

    [Fact]
    public void A_node_on_its_own_names_its_log_by_its_listeners_and_a_clusters_node_writes_the_shared_log()
    {
        var state = $"mailproxy.state-directory = \"{_dir}/state\"";
        Assert.Equal("audit-log@127.0.0.1-110", Ready(state, "-P", "POP3").AuditLog.LogId);
        Assert.Equal("audit-log@127.0.0.1-143", Ready(state, "-P", "IMAP4").AuditLog.LogId);
        Assert.Equal("audit-log", Ready(state, "-P", "POP3", "--cluster_seed", "127.0.0.2:2551").AuditLog.LogId);
        Assert.Equal("audit-log", Ready(state + "\nakka.cluster.seed-nodes = [\"akka.tcp://actormailproxy@127.0.0.2:2551\"]", "-P", "POP3").AuditLog.LogId);
    }
}
