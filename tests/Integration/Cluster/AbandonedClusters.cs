using ActorMailProxy.Integration.Fixtures.Dovecot;
namespace ActorMailProxy.Integration.Cluster;

/// <summary>
/// Kills the nodes of clusters whose test process died without disposing them (a crash, a killed run), and deletes
/// their configuration, so they hold neither ports nor CPU across runs. A cluster's directory names its test process.
/// </summary>
internal static class AbandonedClusters
{
    public const string Prefix = "amp-cluster-";

    /// <summary>A new directory for a cluster of this test process.</summary>
    public static string NewDirectory() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}")).FullName;

    public static void Sweep()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), $"{Prefix}*"))
        {
            var owner = Path.GetFileName(dir)[Prefix.Length..].Split('-')[0];
            if (!int.TryParse(owner, out var pid) || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }
            foreach (var node in ProcessesNaming(dir))
            {
                Libc.Kill(node, Libc.SigKill);
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    // Only processes whose command line names the directory (their --config): the nodes, never a reused pid.
    private static IEnumerable<int> ProcessesNaming(string dir)
    {
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid))
            {
                continue;
            }
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (commandLine.Contains(dir, StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }
}
