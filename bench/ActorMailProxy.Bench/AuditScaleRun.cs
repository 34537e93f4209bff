using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Bench.Audit;
using ActorMailProxy.Bench.Backend;
using ActorMailProxy.Bench.Measurements;

namespace ActorMailProxy.Bench;

/// <summary>One journal kind's build and what a node restarted on it did.</summary>
public sealed record ScaleResult(JournalKind Kind, Outcome<JournalBuild> Build, Outcome<RestartFigures> Restart);

public sealed record AuditScaleResults(IReadOnlyList<ScaleResult> Journals, string Postgres);

/// <summary>
/// The audit scale bench (<c>bench/run.sh --audit-scale</c>): for each journal kind, a journal of a long history built
/// directly in the journal's own format (<see cref="JournalBuilder"/>), then a node started on it as after a restart
/// (<see cref="NodeRestart"/>): when it serves logins, when its POP-before-SMTP policy knows a login of ten minutes
/// before, how long <c>audit query</c> takes, and what the start costs in CPU and memory.
/// </summary>
public sealed class AuditScaleRun(AuditScaleSettings settings, string proxyAssembly)
{
    public async Task<AuditScaleResults> RunAsync()
    {
        var workDir = Directory.CreateTempSubdirectory("amp-bench-audit-scale-").FullName;
        await using var backend = await BenchBackend.StartAsync();
        Console.WriteLine($"Dovecot up: POP3 {backend.Dovecot.Pop3Port}; work directory {workDir}");
        BenchPostgres? pg = null;
        var postgres = "not used";
        try
        {
            var results = new List<ScaleResult>();
            foreach (var kind in settings.Journals)
            {
                if (kind == JournalKind.Postgres && pg is null)
                {
                    pg = await BenchPostgres.StartAsync();
                    postgres = $"the integration tests' private server (fsync and synchronous_commit off), started in {pg.StartedIn.TotalSeconds:0.0} s";
                }
                results.Add(await MeasureAsync(kind, backend, pg, workDir));
            }
            return new AuditScaleResults(results, postgres);
        }
        finally
        {
            if (pg is not null)
            {
                await pg.DisposeAsync();
            }
            Directory.Delete(workDir, recursive: true);
        }
    }

    private async Task<ScaleResult> MeasureAsync(JournalKind kind, BenchBackend backend, BenchPostgres? pg, string workDir)
    {
        JournalSpec? journal = null;
        var build = await Outcome<JournalBuild>.RunAsync(async () =>
        {
            journal = kind == JournalKind.Sqlite ? new JournalSpec.Sqlite(Path.Combine(workDir, "scale-audit.db")) : await pg!.NewJournalAsync();
            var built = await JournalBuilder.BuildAsync(journal, new JournalBuildSettings(settings.Events, settings.Days, settings.PersistenceIds), proxyAssembly, workDir);
            Console.WriteLine($"{journal.Kind()} journal built: {built.Events:N0} events in {built.Took.TotalSeconds:0.0} s " +
                $"(rows at {built.EventsPerSecond:N0} events/s), {built.Bytes / 1048576.0:N0} MiB");
            return built;
        });
        var restart = build.Value is { } b
            ? await Outcome<RestartFigures>.RunAsync(() => NodeRestart.MeasureAsync(journal!, b.Known, backend, proxyAssembly, workDir, settings.Cap, settings.Window))
            : Outcome<RestartFigures>.Failed("no journal was built");
        if (journal is JournalSpec.Sqlite { Path: var path })
        {
            // Gigabytes at full size: gone before the next journal is built.
            foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"))
            {
                File.Delete(file);
            }
        }
        return new ScaleResult(kind, build, restart);
    }
}
