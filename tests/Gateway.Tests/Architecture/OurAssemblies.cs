namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>The graph of the four src assemblies, read once from the copies built beside this test assembly.</summary>
public static class OurAssemblies
{
    private static readonly Lazy<DependencyGraph> Read = new(() => DependencyReader.Read(
        [.. DesignTable.Projects.Select(p => Path.Combine(AppContext.BaseDirectory, p.Assembly + ".dll"))],
        SourceTree.ProjectReferences));

    public static DependencyGraph Graph => Read.Value;
}
