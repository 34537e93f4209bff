namespace ActorMailProxy.Routing.Maps;

/// <summary>A map source could not be loaded: the file is missing or unreadable, or has errors (all of them listed).</summary>
public sealed class MapSourceException : Exception
{
    public MapSourceException(string path, IReadOnlyList<string> problems, Exception? innerException = null)
        : base($"{path}: {string.Join("; ", problems)}", innerException)
    {
        Path = path;
        Problems = problems;
    }

    public string Path { get; }

    /// <summary>Each problem, with its line number where there is one.</summary>
    public IReadOnlyList<string> Problems { get; }
}
