using System.Net;
using ActorMailProxy.Audit.ReadModel;

namespace ActorMailProxy.Audit.Tests.ReadModel;

public sealed class AuditIndexRowTests
{
    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.0", "192.0.2.255", "192.0.3.0")]
    [InlineData("10.0.0.0/8", "10.0.0.0", "10.255.255.255", "11.0.0.0")]
    [InlineData("192.0.2.7/32", "192.0.2.7", "192.0.2.7", "192.0.2.8")]
    [InlineData("2001:db8::/32", "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db9::")]
    [InlineData("0.0.0.0/0", "0.0.0.0", "255.255.255.255", "::1")]
    public void A_network_is_the_range_of_its_addresses_keys_and_nothing_else(string network, string first, string last, string outside)
    {
        var (low, high) = AuditIndexRow.ClientRange(IPNetwork.Parse(network));
        Assert.Equal(AuditIndexRow.ClientKey(IPAddress.Parse(first)), low);
        Assert.Equal(AuditIndexRow.ClientKey(IPAddress.Parse(last)), high);
        var key = AuditIndexRow.ClientKey(IPAddress.Parse(outside));
        Assert.False(string.CompareOrdinal(key, low) >= 0 && string.CompareOrdinal(key, high) <= 0);
    }

    [Fact]
    public void Keys_sort_as_addresses_and_an_IPv4_address_is_its_mapped_IPv6_form()
    {
        Assert.Equal(AuditIndexRow.ClientKey(IPAddress.Parse("::ffff:192.0.2.7")), AuditIndexRow.ClientKey(IPAddress.Parse("192.0.2.7")));
        Assert.True(string.CompareOrdinal(AuditIndexRow.ClientKey(IPAddress.Parse("9.255.255.255")), AuditIndexRow.ClientKey(IPAddress.Parse("10.0.0.0"))) < 0);
        Assert.Equal(32, AuditIndexRow.ClientKey(IPAddress.Parse("2001:db8::1")).Length);
    }
}
