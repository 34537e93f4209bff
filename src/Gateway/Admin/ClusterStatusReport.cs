namespace ActorMailProxy.Gateway.Admin;

/// <summary>The reply to <see cref="GetClusterStatus"/>: one row per member, in address order, from <paramref name="AnsweredBy"/>'s view.</summary>
public sealed record ClusterStatusReport(string AnsweredBy, IReadOnlyList<MemberRow> Members) : IAdminMessage;
