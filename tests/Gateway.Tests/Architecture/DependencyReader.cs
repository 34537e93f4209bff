using System.Reflection.PortableExecutable;

namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>Reads compiled assemblies' metadata and portable PDBs (not runtime reflection) into a <see cref="DependencyGraph"/>.</summary>
public static class DependencyReader
{
    /// <summary>Types under this namespace are ours; the rest (BCL, packages, compiler- and generator-emitted helpers) are not.</summary>
    public const string OurNamespace = "ActorMailProxy";

    public static DependencyGraph Read(IReadOnlyList<string> assemblyPaths, Func<string, IReadOnlyList<string>> projectReferences)
    {
        var opened = new List<IDisposable>();
        try
        {
            var scans = assemblyPaths.Select(path => Open(path, opened)).ToList();
            var ours = scans.Select(s => s.Name).ToHashSet();
            var namespaces = scans.SelectMany(s => s.Namespaces().Select(ns => (ns, s.Name))).ToDictionary(p => p.ns, p => p.Name);
            return new DependencyGraph(
                [.. scans.Select(s => new AssemblyNode(s.Name, s.AssemblyReferences(), projectReferences(s.Name)))],
                scans.SelectMany(s => s.Edges(ours, namespaces)).ToHashSet());
        }
        finally
        {
            opened.ForEach(d => d.Dispose());
        }
    }

    public static DependencyGraph Read(IReadOnlyList<string> assemblyPaths) => Read(assemblyPaths, _ => []);

    public static bool IsOurs(string @namespace) =>
        @namespace == OurNamespace || @namespace.StartsWith(OurNamespace + ".", StringComparison.Ordinal);

    private static AssemblyScan Open(string path, List<IDisposable> opened)
    {
        var pe = new PEReader(File.OpenRead(path));
        opened.Add(pe);
        if (!pe.TryOpenAssociatedPortablePdb(path, p => File.Exists(p) ? File.OpenRead(p) : null, out var pdb, out _))
        {
            throw new FileNotFoundException($"no portable PDB beside {path}: without it, imports of constants go unseen");
        }
        opened.Add(pdb!);
        return new AssemblyScan(pe, new UsingDirectives(pdb!.GetMetadataReader()));
    }
}
