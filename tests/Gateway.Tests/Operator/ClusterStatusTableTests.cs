using ActorMailProxy.Gateway.Operator;

namespace ActorMailProxy.Gateway.Tests.Operator;

/// <summary>cluster status as the operator reads it.</summary>
public sealed class ClusterStatusTableTests
{
    private const string Prefix = "akka.tcp://actormailproxy@";

    [Fact]
    public void One_aligned_line_per_member_with_leader_oldest_unreachable_and_an_audit_backlog_marked()
    {
        var report = new ClusterStatusReport(Prefix + "127.0.0.1:2552",
        [
            new MemberRow(Prefix + "127.0.0.1:2551", "Up", ["proxy"], IsLeader: true, IsOldest: true, IsReachable: true, new NodeStatus(Prefix + "127.0.0.1:2551", 2)),
            new MemberRow(Prefix + "127.0.0.1:2552", "Up", ["proxy"], false, false, true, new NodeStatus(Prefix + "127.0.0.1:2552", 1234, AuditWaiting: 17, AuditDropped: 2)),
            new MemberRow(Prefix + "127.0.0.1:2553", "Up", ["proxy"], false, false, IsReachable: false, Node: null),
            new MemberRow("akka.tcp://other@10.0.0.9:4053", "Joining", [], false, false, true, Node: null),
        ]);

        var lines = ClusterStatusTable.Render(report).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
        [
            "NODE                            STATUS   ROLES  CONNECTIONS  NOTES",
            "127.0.0.1:2551                  Up       proxy            2  leader, oldest",
            "127.0.0.1:2552                  Up       proxy         1234  audit events waiting: 17, AUDIT EVENTS DROPPED: 2",
            "127.0.0.1:2553                  Up       proxy            -  UNREACHABLE",
            "akka.tcp://other@10.0.0.9:4053  Joining  -                -  no answer",
            "4 members: 3 up, 1 unreachable; 1236 open connections; as seen by 127.0.0.1:2552",
        ], lines);
    }

    [Fact]
    public void Flush_of_every_node_lists_who_answered_and_fails_when_one_did_not()
    {
        var (complete, ok) = AdminOutput.Render(new AllFlushed([Prefix + "127.0.0.1:2551", Prefix + "127.0.0.1:2552"], []));
        var (partial, failed) = AdminOutput.Render(new AllFlushed([Prefix + "127.0.0.1:2551"], [Prefix + "127.0.0.1:2553"]));

        Assert.Equal(0, ok);
        Assert.Contains("2 of 2 up members answered", complete);
        Assert.Contains("  127.0.0.1:2552  flushed", complete);
        Assert.Equal(1, failed);
        Assert.Contains("  127.0.0.1:2553  no answer", partial);
    }

    [Fact]
    public void Flush_of_a_user_fails_and_names_the_nodes_that_did_not_drop_their_copy()
    {
        var (complete, ok) = AdminOutput.Render(new UserFlushed("bob", Prefix + "127.0.0.1:2551"));
        var (partial, failed) = AdminOutput.Render(new UserFlushed("bob", Prefix + "127.0.0.1:2551") { Silent = [Prefix + "127.0.0.1:2553"] });

        Assert.Equal((0, "Dropped the cached user-map answer for \"bob\"; the next login asks the map (done by 127.0.0.1:2551).\n"), (ok, complete));
        Assert.Equal(1, failed);
        Assert.Contains("  127.0.0.1:2553  no answer", partial);
    }

    [Fact]
    public void Last_login_says_when_from_where_through_which_node_and_exits_1_when_there_is_none()
    {
        var login = new ActorMailProxy.Audit.ReadModel.LastLogin("alice", new DateTimeOffset(2026, 11, 25, 14, 0, 1, 234, TimeSpan.Zero), "192.0.2.7:51234",
            "127.0.0.1:2552", "10.0.0.5:110", "POP3");

        var (found, ok) = AdminOutput.Render(new LastLoginReport("alice", login, true, Prefix + "127.0.0.1:2551"));
        var (none, missing) = AdminOutput.Render(new LastLoginReport("bob", null, true, Prefix + "127.0.0.1:2551"));
        var (early, _) = AdminOutput.Render(new LastLoginReport("bob", null, false, Prefix + "127.0.0.1:2551"));

        Assert.Equal((0, "alice: last logged in 2026-11-25T14:00:01.234Z from 192.0.2.7:51234 through 127.0.0.1:2552 to 10.0.0.5:110 (POP3), as seen by 127.0.0.1:2551\n"), (ok, found));
        Assert.Equal((1, "No successful login of \"bob\" in the audit log, as seen by 127.0.0.1:2551\n"), (missing, none));
        Assert.Contains("still reading the journal", early);
    }
}
