namespace ActorMailProxy.Gateway.Hosting;

/// <summary>perdition's --pid_file: written at start, removed at exit.</summary>
public sealed class PidFile(string path) : IDisposable
{
    public static PidFile? Create(string? path)
    {
        if (path is null)
        {
            return null;
        }
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        File.WriteAllText(path, $"{Environment.ProcessId}\n");
        return new PidFile(path);
    }

    public void Dispose()
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leaving a stale pid file is not worth failing the exit for.
        }
    }
}
