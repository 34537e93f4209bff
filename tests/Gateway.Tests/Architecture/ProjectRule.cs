namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>A project of ours: where its source lives, the namespace its folders hang from, what it may reference.</summary>
/// <param name="MayReference">Assembly names; a trailing '*' matches any name with that prefix.</param>
public sealed record ProjectRule(string Assembly, string Directory, string RootNamespace, IReadOnlyList<string> MayReference)
{
    public bool Allows(string assembly) => assembly == Assembly || MayReference.Any(pattern => pattern.EndsWith('*')
        ? assembly.StartsWith(pattern[..^1], StringComparison.Ordinal)
        : assembly == pattern);
}
