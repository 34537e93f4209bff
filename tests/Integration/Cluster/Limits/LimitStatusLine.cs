using System.Text.RegularExpressions;

namespace ActorMailProxy.Integration.Cluster.Limits;

/// <summary>What <c>actormailproxy cluster limit KEY</c> prints first: how many places of the key the members hold together.</summary>
public sealed partial record LimitStatusLine(string Key, int Held, int Limit)
{
    public static LimitStatusLine? Parse(string output)
    {
        var m = Line().Match(output);
        return m.Success ? new LimitStatusLine(m.Groups[1].Value, int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value)) : null;
    }

    /// <summary>Asks until the answer satisfies <paramref name="done"/>, for at most 30 s; the last answer either way.</summary>
    public static async Task<LimitStatusLine> EventuallyAsync(ProxyCluster cluster, string key, Func<LimitStatusLine, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var run = await cluster.AdminAsync("cluster", "limit", key);
            var line = run.ExitCode == 0 ? Parse(run.Output) : null;
            if ((line is not null && done(line)) || DateTime.UtcNow > deadline)
            {
                return line ?? throw new Xunit.Sdk.XunitException($"cluster limit {key} said (exit {run.ExitCode}):\n{run.Output}");
            }
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"^(\S+): (\d+) held of (\d+)$", RegexOptions.Multiline)]
    private static partial Regex Line();
}
