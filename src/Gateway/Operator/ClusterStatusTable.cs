using System.Text;

namespace ActorMailProxy.Gateway.Operator;

/// <summary><c>cluster status</c> as the operator reads it: one line per member, aligned columns, then a summary line.</summary>
public static class ClusterStatusTable
{
    private static readonly string[] Headings = ["NODE", "STATUS", "ROLES", "CONNECTIONS", "NOTES"];

    public static string Render(ClusterStatusReport report)
    {
        var rows = report.Members.Select(Cells).Prepend(Headings).ToList();
        var widths = Enumerable.Range(0, Headings.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var line = string.Join("  ", row.Select((cell, c) => c == 3 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c])));
            text.AppendLine(line.TrimEnd());
        }
        text.AppendLine(Summary(report));
        return text.ToString();
    }

    private static string[] Cells(MemberRow row)
    {
        var notes = new List<string>();
        if (row.IsLeader)
        {
            notes.Add("leader");
        }
        if (row.IsOldest)
        {
            notes.Add("oldest");
        }
        if (!row.IsReachable)
        {
            notes.Add("UNREACHABLE");
        }
        else if (row.Node is null)
        {
            notes.Add("no answer");
        }
        if (row.Node?.Limits is { } limits && (limits.Held > 0 || limits.Borrowed > 0 || limits.Lent > 0))
        {
            notes.Add($"limits: {limits.Held} held in {limits.Keys} keys, {limits.Borrowed} borrowed, {limits.Lent} lent");
        }
        if (row.Node is { AuditWaiting: > 0 } waiting)
        {
            notes.Add($"audit events waiting: {waiting.AuditWaiting}");
        }
        if (row.Node is { AuditDropped: > 0 } dropped)
        {
            notes.Add($"AUDIT EVENTS DROPPED: {dropped.AuditDropped}");
        }
        return
        [
            NodeName.Of(row.Address),
            row.Status,
            row.Roles.Count == 0 ? "-" : string.Join(',', row.Roles),
            row.Node?.OpenConnections.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
            string.Join(", ", notes),
        ];
    }

    private static string Summary(ClusterStatusReport report)
    {
        var members = report.Members;
        var up = members.Count(m => m.Status == "Up");
        var unreachable = members.Count(m => !m.IsReachable);
        var connections = members.Sum(m => m.Node?.OpenConnections ?? 0);
        return $"{members.Count} member{(members.Count == 1 ? "" : "s")}: {up} up, {unreachable} unreachable; "
            + $"{connections} open connection{(connections == 1 ? "" : "s")}; as seen by {NodeName.Of(report.AnsweredBy)}";
    }
}
