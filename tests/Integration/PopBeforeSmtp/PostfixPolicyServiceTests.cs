using ActorMailProxy.Audit.PopBeforeSmtp;
using ActorMailProxy.Integration.Fixtures.Postfix;

namespace ActorMailProxy.Integration.PopBeforeSmtp;

/// <summary>A real Postfix smtpd with <c>check_policy_service</c> pointing at our PolicyServer: it relays exactly while the table says Recent.</summary>
public sealed class PostfixPolicyServiceTests(PostfixPolicyFixture fixture) : IClassFixture<PostfixPolicyFixture>
{
    private PostfixInstance Postfix => fixture.Postfix;
    private SettableRecentLogins Table => fixture.Table;

    [Fact]
    public async Task Relaying_is_refused_while_the_table_says_none_accepted_once_it_says_recent_and_refused_when_it_says_none_again()
    {
        Table.Answer = RecentLogin.None;
        AssertRelayDenied(await Postfix.TryRelayAsync(SettableRecentLogins.ClientAddress));

        Table.Answer = RecentLogin.Recent;
        AssertAccepted(await Postfix.TryRelayAsync(SettableRecentLogins.ClientAddress));

        Table.Answer = RecentLogin.None;
        AssertRelayDenied(await Postfix.TryRelayAsync(SettableRecentLogins.ClientAddress));
    }

    [Fact]
    public async Task Relaying_is_refused_while_the_table_cannot_answer()
    {
        Table.Answer = RecentLogin.Unknown;
        AssertRelayDenied(await Postfix.TryRelayAsync(SettableRecentLogins.ClientAddress));
    }

    [Fact]
    public async Task Another_client_address_is_refused_while_the_recent_one_may_relay()
    {
        Table.Answer = RecentLogin.Recent;
        AssertRelayDenied(await Postfix.TryRelayAsync("127.0.0.3"));
        AssertAccepted(await Postfix.TryRelayAsync(SettableRecentLogins.ClientAddress));
    }

    [Fact]
    public async Task Postfix_asks_over_one_kept_connection_and_every_session_gets_its_own_answer()
    {
        Table.Answer = RecentLogin.Recent;
        AssertAccepted(await Postfix.TryRelayAsync(SettableRecentLogins.ClientAddress));
        var connections = fixture.Server.AcceptedConnections;
        var lookups = Table.Lookups;

        foreach (var answer in new[] { RecentLogin.None, RecentLogin.Recent, RecentLogin.Unknown, RecentLogin.Recent })
        {
            Table.Answer = answer;
            var attempt = await Postfix.TryRelayAsync(SettableRecentLogins.ClientAddress);
            if (answer == RecentLogin.Recent)
                AssertAccepted(attempt);
            else
                AssertRelayDenied(attempt);
        }

        Assert.Equal(lookups + 4, Table.Lookups);
        Assert.Equal(connections, fixture.Server.AcceptedConnections);
        Assert.Equal(1, fixture.Server.OpenConnections);
    }

    private void AssertAccepted(RcptAttempt attempt) =>
        Assert.True(attempt.Accepted, $"Expected RCPT to be accepted.\n{attempt}\n--- postfix log ---\n{Postfix.LogTail()}");

    private void AssertRelayDenied(RcptAttempt attempt) =>
        Assert.True(attempt.RelayDenied, $"Expected RCPT to be refused as relaying.\n{attempt}\n--- postfix log ---\n{Postfix.LogTail()}");
}
