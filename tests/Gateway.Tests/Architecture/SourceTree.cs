using System.Xml.Linq;

namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>The repository's source: where it is, and what each project file references.</summary>
public static class SourceTree
{
    public static readonly string Root = FindRoot();

    /// <summary>
    /// The assembly names of the projects a project references. Read from the csproj because the compiler drops
    /// an assembly reference nothing uses, so metadata alone cannot show an unused project reference.
    /// </summary>
    public static IReadOnlyList<string> ProjectReferences(string assembly)
    {
        if (DesignTable.For(assembly) is not { } project)
        {
            return [];
        }
        var csproj = Directory.GetFiles(Path.Combine(Root, project.Directory), "*.csproj").Single();
        return [.. XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(r => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(csproj)!, (string)r.Attribute("Include")!)))
            .Select(AssemblyName)];
    }

    private static string AssemblyName(string csproj) =>
        XDocument.Load(csproj).Descendants("AssemblyName").Select(e => e.Value).FirstOrDefault()
        ?? Path.GetFileNameWithoutExtension(csproj);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActorMailProxy.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no ActorMailProxy.sln above {AppContext.BaseDirectory}");
    }
}
