using ActorMailProxy.Audit.Journal;
using ActorMailProxy.Audit.ReadModel;

namespace ActorMailProxy.Audit.Retention;

/// <summary>The audit index's rows of events older than the retention, a batch per transaction like the journal's.</summary>
public sealed class AuditIndexRetention(JournalSpec journal) : IRetentionSweep
{
    /// <summary>The batch by the time index: the oldest rows first, found without a scan.</summary>
    private const string DeleteBatch = """
        DELETE FROM audit_index WHERE ordering IN (
          SELECT ordering FROM audit_index WHERE time_ms < @before ORDER BY time_ms LIMIT @batch)
        """;

    public string Name => "indexed events";

    public async Task<long> SweepAsync(DateTimeOffset before, int batch, CancellationToken cancel)
    {
        await using var connection = JournalDatabase.Open(journal);
        await connection.OpenAsync(cancel);
        if (!await AuditIndexTables.ExistAsync(connection, journal, cancel))
        {
            return 0;
        }
        var deleted = 0L;
        while (true)
        {
            await using var command = JournalDatabase.Command(connection, DeleteBatch, ("before", before.ToUnixTimeMilliseconds()), ("batch", batch));
            var rows = await command.ExecuteNonQueryAsync(cancel);
            deleted += rows;
            if (rows < batch)
            {
                return deleted;
            }
            // The projector's writes get the database between two batches.
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancel);
        }
    }
}
