using System.Net;
using ActorMailProxy.Audit.PopBeforeSmtp;

namespace ActorMailProxy.Audit.Tests.PopBeforeSmtp;

public sealed class PopBeforeSmtpPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_recent_client_gets_ok_and_the_table_is_asked_with_the_time_given()
    {
        var table = StandInRecentLogins.Always(RecentLogin.Recent);

        Assert.Equal(PolicyAction.Ok, PopBeforeSmtpPolicy.Decide(Access("192.0.2.7"), table, Now));
        Assert.Equal((IPAddress.Parse("192.0.2.7"), Now), Assert.Single(table.Asked));
    }

    [Theory]
    [InlineData(RecentLogin.None)]
    [InlineData(RecentLogin.Unknown)]
    public void A_client_the_table_does_not_call_recent_gets_dunno(RecentLogin answer) =>
        Assert.Equal(PolicyAction.Dunno, PopBeforeSmtpPolicy.Decide(Access("192.0.2.7"), StandInRecentLogins.Always(answer), Now));

    [Theory]
    [InlineData("other_policy")]
    [InlineData("")]
    [InlineData(null)]
    public void Another_request_type_gets_dunno_without_asking_the_table(string? type)
    {
        var table = StandInRecentLogins.Always(RecentLogin.Recent);
        var attributes = new Dictionary<string, string> { ["client_address"] = "192.0.2.7" };
        if (type is not null)
            attributes["request"] = type;

        Assert.Equal(PolicyAction.Dunno, PopBeforeSmtpPolicy.Decide(new PolicyRequest(attributes), table, Now));
        Assert.Empty(table.Asked);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unknown")]
    [InlineData("192.0.2.256")]
    [InlineData("127.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData(" 192.0.2.7")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[2001:db8::1]")]
    public void A_missing_or_unparsable_client_address_gets_dunno_without_asking_the_table(string? address)
    {
        var table = StandInRecentLogins.Always(RecentLogin.Recent);
        var attributes = new Dictionary<string, string> { ["request"] = "smtpd_access_policy" };
        if (address is not null)
            attributes["client_address"] = address;

        Assert.Equal(PolicyAction.Dunno, PopBeforeSmtpPolicy.Decide(new PolicyRequest(attributes), table, Now));
        Assert.Empty(table.Asked);
    }

    [Fact]
    public void An_ipv4_mapped_ipv6_client_is_looked_up_as_ipv4()
    {
        var table = StandInRecentLogins.RecentFor("192.0.2.7");

        Assert.Equal(PolicyAction.Ok, PopBeforeSmtpPolicy.Decide(Access("::ffff:192.0.2.7"), table, Now));
        Assert.Equal(IPAddress.Parse("192.0.2.7"), Assert.Single(table.Asked).Client);
    }

    [Fact]
    public void A_plain_ipv6_client_is_looked_up_as_it_is()
    {
        var table = StandInRecentLogins.RecentFor("2001:db8::7");

        Assert.Equal(PolicyAction.Ok, PopBeforeSmtpPolicy.Decide(Access("2001:db8::7"), table, Now));
    }

    [Fact]
    public void Exceptions_of_the_table_reach_the_caller() =>
        Assert.Throws<InvalidOperationException>(() =>
            PopBeforeSmtpPolicy.Decide(Access("192.0.2.7"), new StandInRecentLogins(_ => throw new InvalidOperationException()), Now));

    private static PolicyRequest Access(string clientAddress) =>
        new(new Dictionary<string, string> { ["request"] = "smtpd_access_policy", ["client_address"] = clientAddress });
}
