namespace ActorMailProxy.Integration.Fixtures.Postfix;

/// <summary>
/// Where one Postfix instance keeps everything: its config_directory, queue_directory, data_directory and log. The directory name carries the test process id, so a later run can tell an abandoned
/// instance from a live one.
/// </summary>
internal sealed record PostfixLayout(string Root)
{
    // Root-owned and not group- or world-writable, as `postfix check` wants; traversable by the postfix user.
    private const UnixFileMode RootOwned =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static string Parent { get; } = Path.Combine(Path.GetTempPath(), "actormailproxy-postfix");

    public string ConfigDirectory => Path.Combine(Root, "conf");
    public string MainCfPath => Path.Combine(ConfigDirectory, "main.cf");
    public string MasterCfPath => Path.Combine(ConfigDirectory, "master.cf");
    public string QueueDirectory => Path.Combine(Root, "queue");

    // Left for `postfix check` to create, owned by the postfix user as it must be.
    public string DataDirectory => Path.Combine(Root, "data");
    public string LogPath => Path.Combine(Root, "postfix.log");

    /// <summary>The instance's own name: its directory's, used for myhostname and syslog_name.</summary>
    public string InstanceName => $"amp-{Path.GetFileName(Root)}";

    public static PostfixLayout Create(string name)
    {
        Directory.CreateDirectory(Parent, RootOwned);
        var layout = new PostfixLayout(Path.Combine(Parent, $"{name}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}"));
        Directory.CreateDirectory(layout.Root, RootOwned);
        Directory.CreateDirectory(layout.ConfigDirectory, RootOwned);
        Directory.CreateDirectory(layout.QueueDirectory, RootOwned);
        return layout;
    }

    /// <summary>The test process that created <paramref name="root"/>, read back from its name.</summary>
    public static int? OwnerProcessOf(string root) =>
        Path.GetFileName(root).Split('-') is [_, var pid, _] && int.TryParse(pid, out var id) ? id : null;

    /// <summary>Deletes the directory; retries because Postfix's exiting daemons may still be closing files.</summary>
    public void Delete()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(Root))
                    Directory.Delete(Root, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(100 * attempt);
            }
        }
    }
}
