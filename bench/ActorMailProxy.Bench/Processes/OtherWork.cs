using System.Diagnostics;

namespace ActorMailProxy.Bench.Processes;

/// <summary>
/// How much CPU the rest of the machine used while a phase of the bench ran: all CPU time in use (/proc/stat) minus the
/// bench's own process tree (itself, Dovecot, every target it started, and the children they reaped). On a shared
/// machine that other work is what moves latencies; a load average would mostly show the bench's own clients.
/// </summary>
public sealed class OtherWork
{
    private readonly ProcessTree _ours = new([Environment.ProcessId]);
    private readonly double _busyBefore;
    private readonly double _oursBefore;
    private readonly long _started;

    private OtherWork()
    {
        _busyBefore = BusySeconds();
        _oursBefore = _ours.CpuSeconds();
        _started = Stopwatch.GetTimestamp();
    }

    public static OtherWork Start() => new();

    /// <summary>Cores' worth of CPU that other processes used since <see cref="Start"/>, e.g. 0.3 of the machine's 2.</summary>
    public double CoresUsed()
    {
        var other = BusySeconds() - _busyBefore - (_ours.CpuSeconds() - _oursBefore);
        return Math.Max(0, other / Stopwatch.GetElapsedTime(_started).TotalSeconds);
    }

    /// <summary>All CPUs' non-idle time so far: user, nice, system, irq, softirq and steal from the first line of /proc/stat.</summary>
    private static double BusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => i < fields.Length ? long.Parse(fields[i]) : 0;
        return (double)(Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) / Posix.ClockTicksPerSecond;
    }
}
