using System.Text.RegularExpressions;

namespace ActorMailProxy.Integration.Cluster;

/// <summary>One member line of <c>cluster status</c>'s table: node, status, roles, connections ("-" when unknown), notes.</summary>
public sealed partial record StatusRow(string Node, string Status, string Roles, string Connections, string Notes)
{
    public static IReadOnlyList<StatusRow> Parse(string output) =>
    [
        .. output.Split('\n')
            .Select(line => Row().Match(line.TrimEnd()))
            .Where(m => m.Success)
            .Select(m => new StatusRow(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value, m.Groups[5].Value)),
    ];

    [GeneratedRegex(@"^(\d+\.\d+\.\d+\.\d+:\d+)\s+(\S+)\s+(\S+)\s+(\d+|-)\s*(.*)$")]
    private static partial Regex Row();
}
