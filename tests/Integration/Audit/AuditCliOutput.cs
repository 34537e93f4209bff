using System.Globalization;
using System.Text.RegularExpressions;
using ActorMailProxy.Integration.Cluster;

namespace ActorMailProxy.Integration.Audit;

/// <summary>One line an audit command printed: the event's time, the node that saw it, and perdition's line after them.</summary>
public sealed record AuditCliLine(DateTimeOffset Time, string Node, string Text);

/// <summary>The audit commands run as an operator runs them (their own process), and their lines read back.</summary>
public static partial class AuditCliOutput
{
    public static Task<CliRun> RunAsync(params string[] args) => AdminCli.RunAsync(["audit", .. args]);

    /// <summary>Every line of the run, each of which must be an audit line: the format is the point.</summary>
    public static IReadOnlyList<AuditCliLine> Lines(CliRun run) =>
    [
        .. run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var match = LinePattern().Match(line);
            Assert.True(match.Success, $"not an audit line: {line}\n{run.Output}");
            return new AuditCliLine(DateTimeOffset.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, match.Groups[3].Value);
        }),
    ];

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\S+) ((?:Connect|Auth|Close|Refused): .*)$")]
    private static partial Regex LinePattern();
}
