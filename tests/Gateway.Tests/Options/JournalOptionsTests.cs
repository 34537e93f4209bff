using ActorMailProxy.Audit.Delivery;
using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.Log;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Tests.Options;

/// <summary>--journal (and MAILPROXY_JOURNAL, mailproxy.journal) decide where akka.persistence stores the audit log.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class JournalOptionsTests : IDisposable
{
    private const string Postgres = "Host=127.0.0.1;Port=5433;Username=audit;Password=Pw-Journal-7;Database=audit";

    private readonly string _dir = Directory.CreateTempSubdirectory("amp-journal-options-").FullName;

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("MAILPROXY_JOURNAL", null);
        Directory.Delete(_dir, recursive: true);
    }

    private LoadResult Load(string hocon, params string[] args)
    {
        var file = Path.Combine(_dir, "test.conf");
        File.WriteAllText(file, $"mailproxy.perdition-config-dir = \"{_dir}\"\nmailproxy.hostname = \"test\"\n{hocon}\n");
        return OptionsLoader.Load(["--config", file, "-b", "127.0.0.1", .. args]);
    }

    private ProxyOptions Ready(string hocon = "", params string[] args) => Assert.IsType<LoadResult.Ready>(Load(hocon, args)).Options;

    [Fact]
    public void By_default_the_journal_is_a_sqlite_file_in_the_state_directory()
    {
        var options = Ready($"mailproxy.state-directory = \"{_dir}/state\"");
        Assert.Equal($"{_dir}/state/actormailproxy-audit.db", Assert.IsType<JournalSpec.Sqlite>(options.Journal).Path);
        Assert.Equal("SQLite.MS", options.Akka.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal("akka.persistence.journal.sql", options.Akka.GetString("akka.persistence.journal.plugin"));
    }

    [Fact]
    public void A_relative_journal_given_is_taken_from_the_working_directory_not_the_state_directory()
    {
        var options = Ready($"mailproxy.state-directory = \"{_dir}/state\"", "--journal", "sqlite:given.db");
        Assert.Equal(Path.GetFullPath("given.db"), Assert.IsType<JournalSpec.Sqlite>(options.Journal).Path);
    }

    [Fact]
    public void The_command_line_beats_the_environment_which_beats_hocon()
    {
        var hocon = $"mailproxy.journal = \"sqlite:{_dir}/hocon.db\"";
        Assert.Equal($"{_dir}/hocon.db", ((JournalSpec.Sqlite)Ready(hocon).Journal).Path);
        Environment.SetEnvironmentVariable("MAILPROXY_JOURNAL", "postgres:" + Postgres);
        Assert.Equal(Postgres, ((JournalSpec.Postgres)Ready(hocon).Journal).ConnectionString);
        var options = Ready(hocon, "--journal", $"sqlite:{_dir}/cli.db");
        Assert.Equal($"{_dir}/cli.db", ((JournalSpec.Sqlite)options.Journal).Path);
        Assert.Contains($"{_dir}/cli.db", options.Akka.GetString("akka.persistence.snapshot-store.sql.connection-string"));
    }

    [Fact]
    public void A_postgres_journal_configures_journal_snapshots_and_queries()
    {
        var akka = Ready("", "--journal", "postgres:" + Postgres).Akka;
        foreach (var path in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
        {
            Assert.Equal("PostgreSQL", akka.GetString($"{path}.provider-name"));
        }
        Assert.Equal(TimeSpan.FromMilliseconds(200), akka.GetTimeSpan("akka.persistence.query.journal.sql.refresh-interval"));
    }

    [Fact]
    public void A_bad_journal_is_an_error_that_does_not_repeat_the_connection_string()
    {
        var errors = Assert.IsType<LoadResult.Invalid>(Load("", "--journal", "postgres:Password=Pw-Journal-7")).Errors;
        Assert.Contains(errors, e => e.Contains("--journal", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("Pw-Journal-7", StringComparison.Ordinal));
        Assert.Contains(Assert.IsType<LoadResult.Invalid>(Load("mailproxy.journal = \"mysql:x\"")).Errors, e => e.StartsWith("mailproxy.journal:", StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_tuning_comes_from_hocon()
    {
        var options = Ready("mailproxy.audit { buffer = 50, max-batch = 7, recent-ids = 99, snapshot-every = 10, stall-warning = 2s, batch-wait = 20ms }");
        Assert.Equal(new AuditPublisherSettings(50, 7, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(20)), options.AuditPublisher);
        Assert.Equal((99, 10), (options.AuditLog.RecentIds, options.AuditLog.SnapshotEvery));
    }
}
