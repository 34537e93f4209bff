using ActorMailProxy.Integration.Fixtures.Dovecot;
namespace ActorMailProxy.Integration.Fixtures.Postfix;

/// <summary>
/// Stops and deletes Postfix instances left behind by a test process that died without disposing them (a crash, a
/// killed run), so they hold neither ports nor disk across runs.
/// </summary>
internal static class AbandonedPostfixInstances
{
    public static void Sweep()
    {
        if (!Directory.Exists(PostfixLayout.Parent))
            return;

        foreach (var root in Directory.EnumerateDirectories(PostfixLayout.Parent))
        {
            if (PostfixLayout.OwnerProcessOf(root) is not { } owner || Directory.Exists($"/proc/{owner}"))
                continue;
            var layout = new PostfixLayout(root);
            // master leads its own process group, so one signal takes its smtpd and the other daemons too.
            foreach (var master in MastersOf(layout))
                Libc.Kill(-master, Libc.SigKill);
            layout.Delete();
        }
    }

    // Found by command line, not by queue/pid/master.pid: master holds an exclusive flock on that file, and .NET's
    // File.Read* takes a shared one on open, so reading it fails while the master lives, exactly when it matters.
    private static IEnumerable<int> MastersOf(PostfixLayout layout)
    {
        var argument = $" {layout.ConfigDirectory} ";
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var pid) && CommandLineOf(pid) is { } commandLine
                && commandLine.StartsWith(PostfixInstallation.Master, StringComparison.Ordinal)
                && commandLine.Contains(argument, StringComparison.Ordinal))
                yield return pid;
        }
    }

    private static string? CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
