namespace ActorMailProxy.Gateway.Options;

/// <summary>
/// Where a node keeps the audit state nobody placed (the default journal and spool): --state_directory or
/// mailproxy.state-directory; else systemd's $STATE_DIRECTORY (StateDirectory=); else, for root, whose working directory
/// under an init system is /, <see cref="ForRoot"/>; else the working directory, as before there was a state directory.
/// </summary>
public static class StateDirectory
{
    public const string ForRoot = "/var/lib/actormailproxy";

    /// <summary>
    /// The directory as a full path without a trailing separator (the default journal's and spool's parent, compared as
    /// such). The process's facts are arguments, so every case can be tried.
    /// </summary>
    /// <param name="configured">--state_directory or mailproxy.state-directory; null or empty when not given.</param>
    /// <param name="systemd">$STATE_DIRECTORY: one path, or several separated by ':' (one per StateDirectory= entry; ours is the first).</param>
    /// <param name="root">The process runs with effective uid 0.</param>
    public static string Resolve(string? configured, string? systemd, bool root, string workingDirectory)
    {
        var chosen = configured is { Length: > 0 } ? configured
            : systemd?.Split(':')[0] is { Length: > 0 } first ? first
            : root ? ForRoot
            : workingDirectory;
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(chosen, workingDirectory));
    }

    /// <summary><see cref="Resolve"/> with this process's environment, effective uid and working directory.</summary>
    public static string ForThisProcess(string? configured) =>
        Resolve(configured, Environment.GetEnvironmentVariable("STATE_DIRECTORY"), Environment.IsPrivilegedProcess, Environment.CurrentDirectory);
}
