using ActorMailProxy.Audit.Delivery;
using ActorMailProxy.Audit.Spool;
using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.Tests.Delivery;

/// <summary>What a node starting its audit does with its spool directory, and what it tells the operator.</summary>
public sealed class AuditNodeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("amp-node-").FullName, "spool");
    private readonly RecordingLogger<AuditNode> _logger = new();

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    private (LogLevel Level, string Message) Logged() => Assert.Single(_logger.Entries.Select(e => (e.Level, e.Message)));

    [Fact]
    public void Without_a_spool_directory_the_node_keeps_unstored_events_in_memory_and_says_so()
    {
        Assert.Null(AuditNode.OpenSpool(null, _logger));

        Assert.Equal((LogLevel.Information, "Audit spool off: events not yet stored live only in this process's memory"), Logged());
    }

    [Fact]
    public void A_spool_with_nothing_left_from_an_earlier_run_is_used_and_said_to_be_empty()
    {
        using var spool = AuditNode.OpenSpool(_dir, _logger);

        Assert.NotNull(spool);
        Assert.Equal((LogLevel.Information, $"Audit spool {_dir}: nothing left from an earlier run"), Logged());
    }

    [Fact]
    public void Events_an_earlier_run_left_are_counted_in_a_warning()
    {
        using (var earlier = Assert.IsType<SpoolOpening.Opened>(AuditSpool.Open(_dir, _ => { })).Spool)
        {
            earlier.Append(AuditSamples.Opened("e1"));
            earlier.Append(AuditSamples.Opened("e2"));
        }

        using var spool = AuditNode.OpenSpool(_dir, _logger);

        Assert.Equal(2, spool?.Leftovers.Events.Count);
        Assert.Equal((LogLevel.Warning,
            $"Audit spool {_dir}: 2 events of an earlier run not confirmed stored, recording them again (from 1 segment file(s); 0 torn and 0 unreadable lines left out)"),
            Logged());
    }

    [Fact]
    public void A_spool_another_process_holds_stops_the_start_with_one_line_naming_the_option()
    {
        using var other = Assert.IsType<SpoolOpening.Opened>(AuditSpool.Open(_dir, _ => { })).Spool;

        var refused = Assert.Throws<SpoolHeldException>(() => AuditNode.OpenSpool(_dir, _logger));

        Assert.Equal($"the audit spool {_dir} is in use by another process; give each process its own with --audit_spool DIR", refused.Message);
        Assert.Empty(_logger.Entries);
    }
}
