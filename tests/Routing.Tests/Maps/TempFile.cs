namespace ActorMailProxy.Routing.Tests.Maps;

/// <summary>A file in the temp folder that is deleted with its test.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string text)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"routing-tests-{Guid.NewGuid():N}");
        Write(text);
    }

    public string Path { get; }

    public void Write(string text) => File.WriteAllText(Path, text);

    public void Dispose() => File.Delete(Path);
}
