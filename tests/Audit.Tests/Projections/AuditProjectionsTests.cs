using System.Collections.Concurrent;
using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Projections;

namespace ActorMailProxy.Audit.Tests.Projections;

/// <summary>A node's projections fed from a real SQLite journal: the past they asked for in full, then what they need of what comes.</summary>
public sealed class AuditProjectionsTests : SqliteJournalTestKit
{
    private sealed class Recording(bool loginsOnly) : IAuditProjection
    {
        public ConcurrentQueue<(string Id, bool Live)> Applied { get; } = new();

        public TaskCompletionSource CaughtUpOnce { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool LoginsOnly => loginsOnly;

        public void Apply(AuditEvent e, bool live) => Applied.Enqueue((e.EventId, live));

        public void CaughtUp(DateTimeOffset now) => CaughtUpOnce.TrySetResult();
    }

    private static LoginSucceeded Login(string id) => new(id, "n", AuditSamples.Time, AuditSamples.LoggedIn);

    /// <summary>Stores <paramref name="events"/>, then a login, and waits until that login is applied: the journal's order says every event before it was read by then.</summary>
    private void StoreAndAwait(Recording recording, IEnumerable<AuditEvent> events, string marker)
    {
        Store([.. events, Login(marker)]);
        AwaitCondition(() => recording.Applied.Any(a => a.Id == marker), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Projections_that_need_only_logins_are_given_the_whole_past_then_only_new_logins_and_relogs()
    {
        Store([.. AuditSamples.OneOfEach("old")]);
        var recording = new Recording(loginsOnly: true);

        var feed = AuditProjections.Start(Sys, [recording], () => Task.FromResult(0L));
        await recording.CaughtUpOnce.Task.WaitAsync(TimeSpan.FromSeconds(20));
        StoreAndAwait(recording, AuditSamples.OneOfEach("new"), "marker");
        feed.Stop();

        Assert.Equal(
            [.. AuditSamples.OneOfEach("old").Select(e => (e.EventId, false)), ("new2", true), ("new6", true), ("marker", true)],
            recording.Applied.ToArray());
    }

    [Fact]
    public async Task One_projection_that_needs_every_event_has_every_new_event_read_for_all()
    {
        var logins = new Recording(loginsOnly: true);
        var every = new Recording(loginsOnly: false);

        var feed = AuditProjections.Start(Sys, [logins, every], () => Task.FromResult(0L));
        await Task.WhenAll(logins.CaughtUpOnce.Task, every.CaughtUpOnce.Task).WaitAsync(TimeSpan.FromSeconds(20));
        StoreAndAwait(every, AuditSamples.OneOfEach("new"), "marker");
        feed.Stop();

        var expected = AuditSamples.OneOfEach("new").Select(e => (e.EventId, true)).Append(("marker", true)).ToArray();
        Assert.Equal(expected, every.Applied.ToArray());
        Assert.Equal(expected, logins.Applied.ToArray());
    }
}
