using System.Runtime.InteropServices;

namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>The two POSIX calls .NET does not offer: giving files to the mail user, and a graceful SIGTERM.</summary>
internal static class Libc
{
    public const int SigHup = 1;
    public const int SigTerm = 15;
    public const int SigKill = 9;
    public const int SigCont = 18;
    public const int SigStop = 19;

    public static void Chown(string path, MailOwner owner)
    {
        if (chown(path, owner.Uid, owner.Gid) != 0)
            throw new IOException($"chown {owner.UserName}:{owner.GroupName} {path} failed (errno {Marshal.GetLastPInvokeError()}); the fixture must run as root.");
    }

    /// <summary>Sends <paramref name="signal"/>; false when the process is already gone.</summary>
    public static bool Kill(int pid, int signal) => kill(pid, signal) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
