using System.Net;
using ActorMailProxy.Gateway.Options;

namespace ActorMailProxy.Gateway.Tests.Options;

/// <summary>The listener key that names a node-on-its-own's log and spool: stable, readable, safe, bounded.</summary>
public sealed class AuditStatePlanTests
{
    private static IPEndPoint[] Endpoints(params string[] endpoints) => [.. endpoints.Select(IPEndPoint.Parse)];

    [Fact]
    public void The_key_is_the_sorted_addresses_and_ports_whatever_the_order_given()
    {
        Assert.Equal("0.0.0.0-110+0.0.0.0-143", AuditStatePlan.ListenerKey(Endpoints("0.0.0.0:143", "0.0.0.0:110")));
        Assert.Equal(AuditStatePlan.ListenerKey(Endpoints("10.0.0.1:110", "10.0.0.2:110")), AuditStatePlan.ListenerKey(Endpoints("10.0.0.2:110", "10.0.0.1:110")));
    }

    [Fact]
    public void Processes_with_different_listeners_get_different_keys()
    {
        Assert.NotEqual(AuditStatePlan.ListenerKey(Endpoints("0.0.0.0:110")), AuditStatePlan.ListenerKey(Endpoints("0.0.0.0:143")));
        Assert.NotEqual(AuditStatePlan.ListenerKey(Endpoints("10.0.0.1:110")), AuditStatePlan.ListenerKey(Endpoints("10.0.0.2:110")));
    }

    [Fact]
    public void An_ipv6_address_leaves_only_characters_a_file_name_takes()
    {
        Assert.Equal("__-110+__1-143", AuditStatePlan.ListenerKey(Endpoints("[::]:110", "[::1]:143")));
        Assert.Matches("^[A-Za-z0-9._+-]+$", AuditStatePlan.ListenerKey(Endpoints("[fe80::1%2]:110", "[2001:db8::7]:995")));
    }

    [Fact]
    public void A_key_of_many_listeners_is_cut_to_a_bounded_length_that_still_tells_sets_apart()
    {
        var many = Enumerable.Range(1, 40).Select(i => new IPEndPoint(IPAddress.Parse($"192.0.2.{i}"), 110)).ToList();
        var key = AuditStatePlan.ListenerKey(many);
        var other = AuditStatePlan.ListenerKey(many.Take(39));

        Assert.True(key.Length <= 200, key);
        Assert.True(other.Length <= 200, other);
        Assert.NotEqual(key, other);
        Assert.StartsWith("192.0.2.1-110+192.0.2.10-110+", key);
        Assert.Equal(key, AuditStatePlan.ListenerKey(Enumerable.Reverse(many)));
    }

    [Fact]
    public void A_clusters_node_writes_the_shared_log_and_a_node_on_its_own_its_own()
    {
        Assert.Equal("audit-log", AuditStatePlan.LogId(standalone: false, Endpoints("0.0.0.0:110")));
        Assert.Equal("audit-log@0.0.0.0-110+0.0.0.0-143", AuditStatePlan.LogId(standalone: true, Endpoints("0.0.0.0:110", "0.0.0.0:143")));
    }
}
