namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>
/// Stops and deletes instances left behind by a test process that died without disposing them (a crash, a killed run),
/// so they hold neither ports nor disk across runs.
/// </summary>
internal static class AbandonedInstances
{
    public static void Sweep()
    {
        if (!Directory.Exists(DovecotLayout.Parent))
            return;

        foreach (var root in Directory.EnumerateDirectories(DovecotLayout.Parent))
        {
            if (DovecotLayout.OwnerProcessOf(root) is not { } owner || IsRunning(owner))
                continue;
            var layout = new DovecotLayout(root);
            if (MasterOf(layout) is { } master)
                Libc.Kill(master, Libc.SigKill);
            DovecotInstance.DeleteTree(root);
        }
    }

    private static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}");

    // Only a master whose command line names this instance's config; the pid may have been reused since.
    private static int? MasterOf(DovecotLayout layout)
    {
        try
        {
            var pid = int.Parse(File.ReadAllText(layout.MasterPidPath).Trim());
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains(layout.ConfigPath, StringComparison.Ordinal) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
