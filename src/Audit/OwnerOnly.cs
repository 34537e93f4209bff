namespace ActorMailProxy.Audit;

/// <summary>
/// How the audit state's files and directories are created: they hold user names and client addresses, so only the
/// service's own user may read them (0600, directories 0700; the umask can only narrow that). What already exists
/// keeps its mode: the operator may have widened it on purpose.
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute;

    /// <summary><see cref="Directory.CreateDirectory(string)"/>, any missing parent created 0700 too.</summary>
    public static DirectoryInfo CreateDirectory(string path) =>
        OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, DirectoryMode);

    /// <summary>A <see cref="FileStream"/> whose file, if this call creates it, is 0600.</summary>
    public static FileStream Open(string path, System.IO.FileMode mode, FileAccess access, FileShare share, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }
        return new FileStream(path, options);
    }
}
