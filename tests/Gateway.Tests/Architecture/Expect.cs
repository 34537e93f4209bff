namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>Fails with every violation, one per line, instead of the first one only.</summary>
internal static class Expect
{
    public static void None<T>(IEnumerable<T> violations, string rule)
    {
        var found = violations.Select(v => $"  - {v}").ToList();
        if (found.Count > 0)
        {
            Assert.Fail($"{rule}: {found.Count}\n{string.Join('\n', found)}");
        }
    }
}
