using ActorMailProxy.Audit.Events;
using ActorMailProxy.Audit.Log;

namespace ActorMailProxy.Audit.Tests.Log;

/// <summary>The tags the log stores its events under, in the journal row: every event the log's own, logins also theirs.</summary>
public sealed class AuditLogTagsTests : SqliteJournalTestKit
{
    [Fact]
    public async Task A_login_and_a_relog_carry_the_login_tag_beside_the_logs_and_no_other_event_does()
    {
        var events = AuditSamples.OneOfEach().ToArray();

        Store(events);

        var logins = events.Count(e => e is LoginSucceeded or SessionRelogged);
        Assert.Equal(2, logins);
        // The plugin keeps a set of tags, in no order of ours.
        Assert.Equal(logins, await ExecuteAsync("SELECT count(*) FROM journal WHERE tags IN (';audit;login;', ';login;audit;')"));
        Assert.Equal(events.Length - logins, await ExecuteAsync("SELECT count(*) FROM journal WHERE tags = ';audit;'"));
        Assert.Equal(events.Length, await ExecuteAsync("SELECT count(*) FROM journal"));
    }
}
