namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>
/// Where one instance keeps everything: config, passwd file, log, run and state dirs, and the users' homes.
/// The directory name carries the test process id, so a later run can tell an abandoned instance from a live one.
/// </summary>
internal sealed record DovecotLayout(string Root)
{
    // Readable and traversable by Dovecot's unprivileged users (dovecot, dovenull, the mail owner).
    private const UnixFileMode Shared =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static string Parent { get; } = Path.Combine(Path.GetTempPath(), "actormailproxy-dovecot");

    public string ConfigPath => Path.Combine(Root, "dovecot.conf");
    public string PasswdPath => Path.Combine(Root, "passwd");
    public string LogPath => Path.Combine(Root, "dovecot.log");
    public string BaseDir => Path.Combine(Root, "run");
    public string StateDir => Path.Combine(Root, "state");
    public string HomesDir => Path.Combine(Root, "home");
    public string MasterPidPath => Path.Combine(BaseDir, "master.pid");

    public string HomeOf(string user) => Path.Combine(HomesDir, user);
    public string MaildirOf(string user) => Path.Combine(HomeOf(user), "Maildir");

    public static DovecotLayout Create(string name)
    {
        Directory.CreateDirectory(Parent, Shared);
        var layout = new DovecotLayout(Path.Combine(Parent, $"{name}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}"));
        Directory.CreateDirectory(layout.Root, Shared);
        Directory.CreateDirectory(layout.StateDir, Shared);
        Directory.CreateDirectory(layout.HomesDir, Shared);
        return layout;
    }

    /// <summary>The test process that created <paramref name="root"/>, read back from its name.</summary>
    public static int? OwnerProcessOf(string root) =>
        Path.GetFileName(root).Split('-') is [_, var pid, _] && int.TryParse(pid, out var id) ? id : null;
}
