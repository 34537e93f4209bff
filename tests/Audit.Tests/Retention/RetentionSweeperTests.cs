using Akka.TestKit.Xunit2;
using ActorMailProxy.Audit.Retention;
using ActorMailProxy.Audit.Tests.PopBeforeSmtp;
using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.Tests.Retention;

/// <summary>The sweeper on its own (the singleton's content): what it gives each sweep, what it logs, and that a failure does not stop it.</summary>
public sealed class RetentionSweeperTests : TestKit
{
    private static readonly DateTimeOffset SweepTime = new(2026, 11, 25, 14, 0, 0, TimeSpan.Zero);

    private static readonly AuditRetentionSettings Settings = new(TimeSpan.FromDays(90), TimeSpan.FromMilliseconds(100), 250);

    private readonly RecordingLogger<RetentionSweeper> _logger = new();

    private void Start(params IRetentionSweep[] sweeps) =>
        Sys.ActorOf(RetentionSweeper.Props(Settings, Settings.KeepFor!.Value, sweeps, new ManualTime(SweepTime), _logger));

    private (LogLevel Level, string Message)[] Logged() => [.. _logger.Entries.Select(e => (e.Level, e.Message))];

    [Fact]
    public void Every_sweep_gets_now_less_the_retention_and_the_batch_and_what_they_deleted_is_one_info_line()
    {
        var journal = new RecordedSweep("journal events", 5);
        var sessions = new RecordedSweep("read-model sessions", 2);

        Start(journal, sessions);

        AwaitCondition(() => !_logger.Entries.IsEmpty);
        Assert.Equal([(LogLevel.Information, "Audit retention: deleted 5 journal events, 2 read-model sessions older than 2026-08-27T14:00:00Z")], Logged());
        Assert.Equal((SweepTime - TimeSpan.FromDays(90), 250), journal.Runs.First());
        Assert.Equal((SweepTime - TimeSpan.FromDays(90), 250), sessions.Runs.First());
    }

    [Fact]
    public void A_failed_sweep_is_a_warning_the_others_still_run_and_it_is_tried_again_next_time()
    {
        var journal = new RecordedSweep("journal events", new RetentionSweepException("cannot delete from the audit journal sqlite:/x.db: disk I/O error", new IOException()), 3);
        var sessions = new RecordedSweep("read-model sessions", 4);

        Start(journal, sessions);

        AwaitCondition(() => _logger.Entries.Count >= 3);
        Assert.Equal([
            (LogLevel.Warning, "Audit retention: deleting old journal events failed, trying again in 100ms: cannot delete from the audit journal sqlite:/x.db: disk I/O error"),
            (LogLevel.Information, "Audit retention: deleted 4 read-model sessions older than 2026-08-27T14:00:00Z"),
            (LogLevel.Information, "Audit retention: deleted 3 journal events older than 2026-08-27T14:00:00Z"),
        ], Logged().Take(3));
    }

    [Fact]
    public void Sweeps_that_delete_nothing_log_nothing()
    {
        var journal = new RecordedSweep("journal events");

        Start(journal);

        AwaitCondition(() => journal.Runs.Count >= 3);
        Assert.Empty(_logger.Entries);
    }
}
