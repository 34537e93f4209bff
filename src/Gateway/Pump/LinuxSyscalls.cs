using System.Runtime.InteropServices;

namespace ActorMailProxy.Gateway.Pump;

/// <summary>The Linux calls the splice pump needs, and nothing else; x86-64 layout (epoll_event is packed there).</summary>
internal static class LinuxSyscalls
{
    public const int EpollCloexec = 0x80000;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const int EpollCtlMod = 3;
    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const int ONonblock = 0x800;
    public const int OCloexec = 0x80000;
    public const uint SpliceMove = 1;
    public const uint SpliceNonblock = 2;
    public const int EAgain = 11;
    public const int EIntr = 4;

    /// <summary>Only where the struct layout below is right and splice exists.</summary>
    public static bool Supported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [DllImport("libc", SetLastError = true, EntryPoint = "epoll_create1")]
    public static extern int EpollCreate(int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "epoll_ctl")]
    public static extern int EpollCtl(int epfd, int op, int fd, ref EpollEvent ev);

    [DllImport("libc", SetLastError = true, EntryPoint = "epoll_wait")]
    public static extern int EpollWait(int epfd, [Out] EpollEvent[] events, int maxEvents, int timeout);

    [DllImport("libc", SetLastError = true, EntryPoint = "pipe2")]
    public static extern int Pipe([Out] int[] fds, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "splice")]
    public static extern nint Splice(int fdIn, nint offIn, int fdOut, nint offOut, nuint length, uint flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "eventfd")]
    public static extern int EventFd(uint initial, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "read")]
    public static extern nint Read(int fd, [Out] byte[] buffer, nuint count);

    [DllImport("libc", SetLastError = true, EntryPoint = "write")]
    public static extern nint Write(int fd, byte[] buffer, nuint count);

    [DllImport("libc", SetLastError = true, EntryPoint = "close")]
    public static extern int Close(int fd);

    [DllImport("libc", SetLastError = true, EntryPoint = "shutdown")]
    public static extern int Shutdown(int fd, int how);

    public const int ShutWr = 1;
    public const int FGetFl = 3;
    public const int FGetPipeSz = 1032;
    public const int FSetFl = 4;

    [DllImport("libc", SetLastError = true, EntryPoint = "fcntl")]
    public static extern int Fcntl(int fd, int cmd, int arg);
}
