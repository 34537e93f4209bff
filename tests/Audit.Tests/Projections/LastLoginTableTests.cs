using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Projections;

namespace ActorMailProxy.Audit.Tests.Projections;

public sealed class LastLoginTableTests
{
    private static readonly DateTimeOffset T0 = AuditSamples.Time;

    private static LoginSucceeded Login(string user, string? mapped, DateTimeOffset at, string client = "192.0.2.1:5") =>
        new(AuditEvent.NewId(), "node-a", at, AuditSamples.Accepted with { User = user, MappedUser = mapped, Client = client, Backend = "mail1:110" });

    [Fact]
    public void The_latest_login_of_a_user_is_kept_whatever_order_the_events_come_in()
    {
        var table = new LastLoginTable();
        table.Apply(Login("alice", null, T0 + TimeSpan.FromMinutes(5), "192.0.2.9:1"), live: false);
        table.Apply(Login("alice", null, T0, "192.0.2.1:1"), live: false);

        var last = table.Find("ALICE");
        Assert.NotNull(last);
        Assert.Equal((T0 + TimeSpan.FromMinutes(5), "192.0.2.9:1", "node-a", "mail1:110"), (last.Time, last.Client, last.Node, last.Backend));
    }

    [Fact]
    public void A_user_is_found_by_the_name_given_and_by_the_name_mapped_to()
    {
        var table = new LastLoginTable();
        table.Apply(Login("Alice@example.org", "alice", T0), live: true);

        Assert.Equal("Alice@example.org", table.Find("alice@example.org")?.User);
        Assert.Equal("Alice@example.org", table.Find("alice")?.User);
        Assert.Null(table.Find("bob"));
    }

    [Fact]
    public void Failed_logins_are_not_logins()
    {
        var table = new LastLoginTable();
        table.Apply(new LoginFailed("f", "n", T0, AuditSamples.Accepted with { User = "bob" }, LoginFailureClass.Rejected, "no"), live: true);

        Assert.Null(table.Find("bob"));
    }
}
