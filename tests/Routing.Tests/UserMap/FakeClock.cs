namespace ActorMailProxy.Routing.Tests.UserMap;

/// <summary>A clock the test moves by hand, read from the actor's thread.</summary>
internal sealed class FakeClock
{
    private long _ticks = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public DateTimeOffset Now => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
