using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Integration.Audit;
using ActorMailProxy.Routing.Tests.Maps.Sql;

namespace ActorMailProxy.Bench.Audit;

/// <summary>
/// The PostgreSQL server of the audit benches: the integration tests' own private server (<see cref="PostgresFixture"/>:
/// its own data directory, 127.0.0.1 on a free port, run as the postgres user under root, installed if missing), and
/// each journal a new schema in it (<see cref="PostgresJournal"/>), as the tests make them. The fixture runs with
/// <c>fsync = off</c> and <c>synchronous_commit = off</c>: a commit costs no disk flush, so PostgreSQL figures here are
/// what the proxy and the database's CPU allow, not what a disk would.
/// </summary>
public sealed class BenchPostgres : IAsyncDisposable
{
    private readonly PostgresFixture _server;

    private BenchPostgres(PostgresFixture server) => _server = server;

    public TimeSpan StartedIn => _server.StartedIn;

    public static async Task<BenchPostgres> StartAsync()
    {
        var server = new PostgresFixture();
        try
        {
            await server.InitializeAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return new BenchPostgres(server);
    }

    /// <summary>A journal of its own: a new, empty schema, which the proxy's auto-initialize fills with its tables.</summary>
    public async Task<JournalSpec> NewJournalAsync() => new JournalSpec.Postgres(await PostgresJournal.NewAsync(_server));

    /// <summary>
    /// The server's processes, for the CPU it spends: its postmaster (the one process whose command line names the
    /// fixture's data directory, which carries this process's id) and every backend it forked; empty if not found.
    /// </summary>
    public ProcessTree Processes()
    {
        var marker = $"actormailproxy-pg-{Environment.ProcessId}-";
        var postmasters = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid) && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    postmasters.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }
        return new ProcessTree(postmasters);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
