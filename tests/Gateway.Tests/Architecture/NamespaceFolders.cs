using System.Text.RegularExpressions;

namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>Source files whose namespace is not the project's root namespace plus their folder path.</summary>
public static partial class NamespaceFolders
{
    public static IReadOnlyList<Violation> Mismatches(string repoRoot, string projectDirectory, string rootNamespace)
    {
        var project = Path.Combine(repoRoot, projectDirectory);
        var violations = new List<Violation>();
        foreach (var file in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var folder = Path.GetRelativePath(project, Path.GetDirectoryName(file)!);
            var segments = folder == "." ? [] : folder.Split(Path.DirectorySeparatorChar);
            if (segments.Length > 0 && segments[0] is "bin" or "obj")
            {
                continue;
            }
            var expected = string.Join('.', [rootNamespace, .. segments]);
            var declared = Declaration().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value);
            violations.AddRange(declared.Where(ns => ns != expected).Select(ns => new Violation(
                $"{Path.GetRelativePath(repoRoot, file)}: namespace {ns}, expected {expected}")));
        }
        return violations;
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex Declaration();
}
