using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorMailProxy.Audit.Journal;

/// <summary>
/// Where the audit log's journal and snapshots live: <c>sqlite:PATH</c> (one node) or
/// <c>postgres:CONNECTION_STRING</c> (a cluster: every node must reach the same database).
/// </summary>
public abstract record JournalSpec
{
    private JournalSpec() { }

    /// <summary>A SQLite file; a relative path is taken from the working directory.</summary>
    public sealed record Sqlite(string Path) : JournalSpec;

    /// <summary>A PostgreSQL database, as an Npgsql connection string.</summary>
    public sealed record Postgres(string ConnectionString) : JournalSpec;

    /// <summary>The spec, or an error text without the value (which may hold a password).</summary>
    public static (JournalSpec? Spec, string? Error) Parse(string text)
    {
        var colon = text.IndexOf(':');
        var (scheme, rest) = colon < 0 ? (text, "") : (text[..colon], text[(colon + 1)..]);
        switch (scheme.ToLowerInvariant())
        {
            case "sqlite" when rest.Length > 0:
                return (new Sqlite(System.IO.Path.GetFullPath(rest)), null);
            case "postgres" or "postgresql" when rest.Length > 0:
                try
                {
                    var builder = new NpgsqlConnectionStringBuilder(rest);
                    return builder.Host is { Length: > 0 } ? (new Postgres(rest), null) : (null, "the PostgreSQL connection string names no Host");
                }
                catch (ArgumentException)
                {
                    return (null, "the PostgreSQL connection string is not one Npgsql reads");
                }
            default:
                return (null, "is not sqlite:PATH or postgres:CONNECTION_STRING");
        }
    }

    /// <summary>How the journal is named in logs: the password of a connection string replaced by ***.</summary>
    public string Describe() => this switch
    {
        Sqlite s => $"sqlite:{s.Path}",
        Postgres p => $"postgres:{WithoutPassword(p.ConnectionString)}",
        _ => throw new InvalidOperationException(),
    };

    /// <summary>A text about this journal (a driver's error message) with the connection string's password, should it appear, replaced by ***.</summary>
    public string Redact(string text) =>
        this is Postgres p && new NpgsqlConnectionStringBuilder(p.ConnectionString).Password is { Length: > 0 } password
            ? text.Replace(password, "***", StringComparison.Ordinal)
            : text;

    /// <summary>akka.persistence for this journal: journal, snapshot store and query journal on the same database.</summary>
    /// <param name="writeBatch">Most events the log persists at once: the journal writes them in one transaction.</param>
    public Config ToHocon(TimeSpan queryRefresh, int writeBatch = 1000)
    {
        var (connection, provider, reads) = this switch
        {
            // Microsoft.Data.Sqlite begins a transaction of the default level with BEGIN IMMEDIATE, which takes the write
            // lock: every page a query read then waited on the log's writes and on every other reader (Thread.Sleep in the
            // driver's busy loop), so replaying 18,000 events took 35 s and longer histories failed with "database is
            // locked". Read-uncommitted begins a deferred transaction: in WAL mode a reader sees a consistent snapshot and
            // takes no lock at all.
            Sqlite s => (new SqliteConnectionStringBuilder { DataSource = s.Path }.ConnectionString, "SQLite.MS", "read-uncommitted"),
            Postgres p => (p.ConnectionString, "PostgreSQL", "unspecified"),
            _ => throw new InvalidOperationException(),
        };
        var database = $"""
            connection-string = {Quote(connection)}
            provider-name = "{provider}"
            read-isolation-level = {reads}
            table-mapping = default
            auto-initialize = on
            plugin-dispatcher = "{Dispatcher}"
            materializer-dispatcher = "{Dispatcher}"
            """;
        var refresh = $"{(int)queryRefresh.TotalMilliseconds}ms";
        return ConfigurationFactory.ParseString($$"""
            # Microsoft.Data.Sqlite's async calls block until the disk has the data: on threads of their own, they
            # never hold up the thread pool that connections and the pump run on.
            {{Dispatcher}} {
              type = ForkJoinDispatcher
              throughput = 100
              dedicated-thread-pool.thread-count = 2
            }
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  {{database}}
                  # The tag in the journal row: see JournalTagColumn.
                  tag-write-mode = Csv
                  # A batch of the log in one transaction (the plugin's 100 would split one of 1,000 into ten, each waiting for the disk).
                  batch-size = {{Math.Max(writeBatch, 100)}}
                  # The plugin writes a batch as INSERTs of many rows each. By default one statement held up to 1,000 rows
                  # with every payload as a hex literal, built by linq2db into one string of hundreds of kB per write and
                  # parsed back by the database. Statements of a few rows with parameters stay small and skip the hex
                  # (20 rows: SQLite binds parameters by name, at a cost that grows with their square).
                  db-round-trip-max-batch-size = 20
                  prefer-parameters-on-multirow-insert = on
                  buffer-size = {{Math.Max(5 * writeBatch, 5000)}}
                  # Back soon after the database is: the default waits 30 s before trying again.
                  circuit-breaker.reset-timeout = 2s
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  {{database}}
                  circuit-breaker.reset-timeout = 2s
                }
              }
              query.journal.sql {
                {{database}}
                write-plugin = "akka.persistence.journal.sql"
                tag-read-mode = Csv
                refresh-interval = {{refresh}}
                # Events a reader fetches per query: each query costs the plugin the same building and materializing
                # whatever it returns, and at the default 500 a busy node's readers queried several times per refresh.
                max-buffer-size = 2000
                journal-sequence-retrieval.query-delay = {{refresh}}
              }
            }
            """);
    }

    /// <summary>Where the journal, snapshot store and queries do their database work.</summary>
    public const string Dispatcher = "mailproxy.journal-dispatcher";

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string WithoutPassword(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Password is not null)
        {
            builder.Password = "***";
        }
        return builder.ConnectionString;
    }
}
