namespace ActorMailProxy.Audit.Tests.PopBeforeSmtp;

/// <summary>A clock that moves only when told, so idle timeouts are tested without racing a loaded machine's scheduler.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
            return _now;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
            _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock on and runs the callbacks of the timers that came due.</summary>
    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            _now += by;
            due = _timers.Where(t => t.DueAt <= _now).ToList();
            foreach (var timer in due)
                timer.DueAt = null;
        }
        foreach (var timer in due)
            timer.Fire();
    }

    /// <summary>Completes once some timer is set to fire, i.e. the code under test has started waiting.</summary>
    public async Task WaitUntilArmedAsync()
    {
        var patience = TimeSpan.FromSeconds(10);
        for (var waited = TimeSpan.Zero; waited < patience; waited += TimeSpan.FromMilliseconds(5))
        {
            lock (_gate)
                if (_timers.Any(t => t.DueAt is not null))
                    return;
            await Task.Delay(5);
        }
        throw new TimeoutException("No timer was armed within 10 s.");
    }

    private sealed class ManualTimer(ManualTime time, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        // Periodic timers are not needed here: a CancellationTokenSource's timer fires once.
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (time._gate)
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : time._now + dueTime;
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (time._gate)
            {
                DueAt = null;
                time._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
