using System.Runtime.InteropServices;

namespace ActorMailProxy.Bench.Processes;

/// <summary>The libc calls .NET does not offer: the open-files limit, another process's CPU clock, and the clock tick of /proc's CPU times.</summary>
public static class Posix
{
    private const int RlimitNofile = 7;
    private const int ScClkTck = 2;
    private const int CpuClockSched = 2;

    /// <summary>Clock ticks per second, the unit of utime and stime in /proc/PID/stat.</summary>
    public static long ClockTicksPerSecond { get; } = sysconf(ScClkTck);

    /// <summary>
    /// CPU time of all threads of process <paramref name="pid"/>, living or exited, to the nanosecond: /proc's utime and
    /// stime come in 10 ms ticks, too coarse for a 20 ms download. Null once the process is gone.
    /// </summary>
    public static double? ProcessCpuSeconds(int pid)
    {
        // The kernel's MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED).
        var clock = (~pid << 3) | CpuClockSched;
        return clock_gettime(clock, out var time) == 0 ? time.Seconds + time.Nanoseconds / 1e9 : null;
    }

    /// <summary>
    /// Raises this process's soft open-files limit to its hard limit and returns it; the targets started
    /// afterwards inherit it, and 1,000 proxied connections need over 2,000 descriptors in one process.
    /// </summary>
    public static ulong RaiseOpenFilesLimit()
    {
        if (getrlimit(RlimitNofile, out var limit) != 0)
        {
            throw new InvalidOperationException($"getrlimit failed (errno {Marshal.GetLastPInvokeError()})");
        }
        limit.Current = limit.Maximum;
        if (setrlimit(RlimitNofile, ref limit) != 0)
        {
            throw new InvalidOperationException($"setrlimit({limit.Maximum}) failed (errno {Marshal.GetLastPInvokeError()})");
        }
        return limit.Current;
    }

    /// <summary>SIGTERM to one process the bench started, as systemd stops a service: a node then stops as it does in production.</summary>
    public static void Terminate(int pid)
    {
        const int sigterm = 15;
        _ = kill(pid, sigterm);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc")]
    private static extern int clock_gettime(int clock, out Timespec time);

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out Rlimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref Rlimit limit);

    [DllImport("libc")]
    private static extern long sysconf(int name);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
