using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Dovecot;
namespace ActorMailProxy.Integration.Proxy;

/// <summary>Map files that split the fixture's users between its two backends, for one protocol's port.</summary>
public static class MapFiles
{
    /// <summary>perdition's popmap text (the makegdbm input): one <c>user:host:port</c> line per user.</summary>
    public static string Popmap(TwoBackendsFixture backends, Func<DovecotInstance, int> port, string dir)
    {
        var path = Path.Combine(dir, $"popmap-{Guid.NewGuid():N}");
        File.WriteAllLines(path, TwoBackendsFixture.AllUsers.Select(u => $"{u.Name}:{backends.BackendOf(u).Host}:{port(backends.BackendOf(u))}"));
        return path;
    }

    /// <summary>perdition's popmap.re: a–m to alpha, n–z to beta.</summary>
    public static string PosixRegex(TwoBackendsFixture backends, Func<DovecotInstance, int> port, string dir)
    {
        var path = Path.Combine(dir, $"popmap-{Guid.NewGuid():N}.re");
        File.WriteAllText(path, $"""
            # users a-m live on alpha, n-z on beta
            ^[a-m]:   {backends.Alpha.Host}:{port(backends.Alpha)}
            ^[n-z]    {backends.Beta.Host}:{port(backends.Beta)}
            """);
        return path;
    }
}
