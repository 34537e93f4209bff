namespace ActorMailProxy.Gateway.Pump;

/// <summary>When bytes last moved through a pump; read by the idle timer without locking.</summary>
public sealed class ActivityClock
{
    private long _lastTicks = Environment.TickCount64;

    public void Touch() => Volatile.Write(ref _lastTicks, Environment.TickCount64);

    public TimeSpan IdleFor => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastTicks));
}
