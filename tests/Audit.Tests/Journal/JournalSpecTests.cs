using ActorMailProxy.Audit.Journal;

namespace ActorMailProxy.Audit.Tests.Journal;

public sealed class JournalSpecTests
{
    private const string Postgres = "Host=127.0.0.1;Port=5432;Username=audit;Password=S3cret-pw;Database=audit";

    [Fact]
    public void A_sqlite_path_is_made_absolute_from_the_working_directory()
    {
        var (spec, error) = JournalSpec.Parse("sqlite:data/audit.db");
        Assert.Null(error);
        Assert.Equal(Path.GetFullPath("data/audit.db"), Assert.IsType<JournalSpec.Sqlite>(spec).Path);
    }

    [Theory]
    [InlineData("postgres:")]
    [InlineData("postgresql:")]
    public void A_postgres_connection_string_is_kept_as_given(string scheme) =>
        Assert.Equal(Postgres, Assert.IsType<JournalSpec.Postgres>(JournalSpec.Parse(scheme + Postgres).Spec).ConnectionString);

    [Theory]
    [InlineData("")]
    [InlineData("sqlite:")]
    [InlineData("mysql:Server=x")]
    [InlineData("/var/lib/audit.db")]
    [InlineData("postgres:Password=S3cret-pw")]
    [InlineData("postgres:Nonsense Key=S3cret-pw")]
    public void Anything_else_is_an_error_that_never_repeats_the_value(string text)
    {
        var (spec, error) = JournalSpec.Parse(text);
        Assert.Null(spec);
        Assert.NotNull(error);
        Assert.DoesNotContain("S3cret", error);
    }

    [Fact]
    public void The_description_hides_the_password()
    {
        var described = JournalSpec.Parse("postgres:" + Postgres).Spec!.Describe();
        Assert.DoesNotContain("S3cret-pw", described);
        Assert.Contains("Password=***", described);
        Assert.Contains("Host=127.0.0.1", described);
    }

    [Fact]
    public void The_hocon_puts_journal_snapshots_and_queries_on_the_same_database()
    {
        var config = JournalSpec.Parse("postgres:" + Postgres).Spec!.ToHocon(TimeSpan.FromMilliseconds(200));
        foreach (var path in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
        {
            Assert.Equal(Postgres, config.GetString($"{path}.connection-string"));
            Assert.Equal("PostgreSQL", config.GetString($"{path}.provider-name"));
        }
        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
        Assert.True(config.GetBoolean("akka.persistence.journal.sql.auto-initialize"));
        Assert.Equal(TimeSpan.FromMilliseconds(200), config.GetTimeSpan("akka.persistence.query.journal.sql.refresh-interval"));
    }

    [Fact]
    public void Database_work_runs_on_threads_of_its_own()
    {
        var config = new JournalSpec.Sqlite("/tmp/audit.db").ToHocon(TimeSpan.FromSeconds(1));
        Assert.Equal(JournalSpec.Dispatcher, config.GetString("akka.persistence.journal.sql.plugin-dispatcher"));
        Assert.Equal(JournalSpec.Dispatcher, config.GetString("akka.persistence.journal.sql.materializer-dispatcher"));
        Assert.Equal(JournalSpec.Dispatcher, config.GetString("akka.persistence.snapshot-store.sql.plugin-dispatcher"));
        Assert.Equal("ForkJoinDispatcher", config.GetString($"{JournalSpec.Dispatcher}.type"));
    }

    [Fact]
    public void A_sqlite_journal_uses_microsofts_provider_on_the_file()
    {
        var path = Path.GetFullPath("a \"quoted\" dir/audit.db");
        var config = new JournalSpec.Sqlite(path).ToHocon(TimeSpan.FromSeconds(1));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Contains(path, config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
    }

    [Fact]
    public void A_batch_of_the_log_is_one_write_and_its_tag_is_in_the_row()
    {
        var config = new JournalSpec.Sqlite("/tmp/audit.db").ToHocon(TimeSpan.FromSeconds(1), writeBatch: 1000);
        Assert.Equal(1000, config.GetInt("akka.persistence.journal.sql.batch-size"));
        Assert.Equal("Csv", config.GetString("akka.persistence.journal.sql.tag-write-mode"));
        Assert.Equal("Csv", config.GetString("akka.persistence.query.journal.sql.tag-read-mode"));
    }

    [Fact]
    public void A_write_is_statements_of_a_few_rows_with_parameters_and_a_read_fetches_thousands_of_rows()
    {
        var config = new JournalSpec.Postgres("Host=127.0.0.1").ToHocon(TimeSpan.FromSeconds(1));
        Assert.Equal(20, config.GetInt("akka.persistence.journal.sql.db-round-trip-max-batch-size"));
        Assert.True(config.GetBoolean("akka.persistence.journal.sql.prefer-parameters-on-multirow-insert"));
        Assert.Equal(2000, config.GetInt("akka.persistence.query.journal.sql.max-buffer-size"));
    }
}
