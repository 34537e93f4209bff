using System.Globalization;
using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.Retention;

/// <summary>
/// The actor <see cref="AuditRetention"/> runs as a cluster singleton: every <see cref="AuditRetentionSettings.SweepEvery"/>
/// it runs each sweep, one after the other, with the cutoff now − keep-for. A sweep that fails is logged and tried again
/// next time; nothing here throws out.
/// </summary>
public sealed class RetentionSweeper : ReceiveActor, IWithTimers
{
    /// <summary>How long after it starts the first sweep runs, at most: a node restarted often still sweeps, after its own start.</summary>
    private static readonly TimeSpan FirstSweepAfter = TimeSpan.FromSeconds(10);

    private readonly AuditRetentionSettings _settings;
    private readonly TimeSpan _keepFor;
    private readonly IReadOnlyList<IRetentionSweep> _sweeps;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    /// <summary>Cancelled when the actor stops (the singleton hands over, the node leaves): a sweep ends at its current batch.</summary>
    private readonly CancellationTokenSource _stopping = new();

    private bool _sweeping;

    public RetentionSweeper(AuditRetentionSettings settings, TimeSpan keepFor, IReadOnlyList<IRetentionSweep> sweeps, TimeProvider clock, ILogger logger)
    {
        _settings = settings;
        _keepFor = keepFor;
        _sweeps = sweeps;
        _clock = clock;
        _logger = logger;
        Receive<SweepDue>(_ => OnSweepDue());
        Receive<Swept>(_ => _sweeping = false);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AuditRetentionSettings settings, TimeSpan keepFor, IReadOnlyList<IRetentionSweep> sweeps, TimeProvider clock, ILogger logger) =>
        Akka.Actor.Props.Create(() => new RetentionSweeper(settings, keepFor, sweeps, clock, logger));

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(nameof(SweepDue), SweepDue.Instance, _settings.SweepEvery < FirstSweepAfter ? _settings.SweepEvery : FirstSweepAfter, _settings.SweepEvery);

    protected override void PostStop() => _stopping.Cancel();

    /// <summary>A sweep still running when the next is due (a large backlog) goes on; the next starts at the following tick.</summary>
    private void OnSweepDue()
    {
        if (_sweeping)
        {
            return;
        }
        _sweeping = true;
        SweepAllAsync(_clock.GetUtcNow() - _keepFor, _stopping.Token).PipeTo(Self, success: () => Swept.Instance, failure: _ => Swept.Instance);
    }

    /// <summary>Each sweep in turn; one Info line with the counts when something went, a Warning for each sweep that failed.</summary>
    private async Task SweepAllAsync(DateTimeOffset before, CancellationToken cancel)
    {
        var deleted = new List<string>();
        foreach (var sweep in _sweeps)
        {
            try
            {
                if (await sweep.SweepAsync(before, _settings.Batch, cancel) is var count and > 0)
                {
                    deleted.Add($"{count} {sweep.Name}");
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                AuditRetention.Log.SweepFailed(_logger, sweep.Name, AuditRetention.Hocon(_settings.SweepEvery), e.Message);
            }
        }
        if (deleted.Count > 0)
        {
            AuditRetention.Log.Deleted(_logger, string.Join(", ", deleted), before.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
    }

    private sealed record SweepDue
    {
        public static readonly SweepDue Instance = new();
    }

    private sealed record Swept
    {
        public static readonly Swept Instance = new();
    }
}
