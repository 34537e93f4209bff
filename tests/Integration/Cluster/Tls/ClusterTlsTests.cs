using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using TlsAuthenticationException = System.Security.Authentication.AuthenticationException;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using ActorMailProxy.Integration.Fixtures;
using ActorMailProxy.Integration.Fixtures.Tls;

namespace ActorMailProxy.Integration.Cluster.Tls;

/// <summary>
/// The cluster port behind mutual TLS with one cluster CA (--cluster_cert_file, --cluster_key_file, --cluster_ca_file):
/// the nodes form and serve, the operator commands work with a certificate of the CA and are refused without one,
/// and a node without such a certificate is never let in.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTlsTests(TlsCluster tls) : IClassFixture<TlsCluster>
{
    /// <summary>How long a stranger is given to get in; the cluster's own nodes join in a few seconds.</summary>
    private static readonly TimeSpan JoinPatience = TimeSpan.FromSeconds(20);

    private ProxyCluster Cluster => tls.Cluster;

    [Fact]
    public async Task Three_nodes_with_certificates_of_the_cluster_ca_are_up_and_serve_a_login()
    {
        var status = await Cluster.AdminAsync("cluster", "status");

        Assert.Equal(0, status.ExitCode);
        var rows = StatusRow.Parse(status.Output);
        Assert.Equal(Cluster.Nodes.Select(n => n.Address), rows.Select(r => r.Node));
        Assert.All(rows, r => Assert.Equal("Up", r.Status));
        var bob = TwoBackendsFixture.Bob;
        using var imap = new ImapClient();
        await imap.ConnectAsync(Cluster[1].Host, Cluster[1].ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync(bob.Name, bob.Password);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        Assert.True(imap.IsAuthenticated);
        await imap.DisconnectAsync(true);
    }

    [Fact]
    public async Task The_cluster_port_shows_the_nodes_own_certificate_and_drops_a_client_that_shows_none()
    {
        var node = Cluster[0];
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(node.Host, node.ClusterPort);
        var ourEnd = $"127.0.0.1]:{((IPEndPoint)tcp.Client.LocalEndPoint!).Port}";
        string? shown = null;
        await using var stream = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (sender, certificate, chain, errors) =>
        {
            shown = certificate?.GetCertHashString();
            return tls.Pki.ValidateServerCertificate(sender, certificate, chain, errors);
        });

        var dropped = await DroppedWithoutClientCertificateAsync(stream, node.Host);

        Assert.Equal(tls.NodeCertificates[0].Certificate.GetCertHashString(), shown);
        Assert.True(dropped, "the cluster port kept a connection that showed no certificate");
        // Akka's own words for the refusal of a client without a certificate (Akka.Remote 1.5.74).
        await node.WaitForOutputAsync($"Mutual TLS required but client did not provide a certificate from [::ffff:{ourEnd}", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cluster_status_without_a_certificate_exits_1_saying_the_cluster_wants_one()
    {
        var clock = Stopwatch.StartNew();

        var run = await AdminCli.RunAsync("cluster", "status", "--cluster_seed", Cluster.Seeds);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no cluster node answered at", run.Output);
        Assert.Contains($"{Cluster[0].Address} refuses connections without the cluster's certificate: give --cluster_cert_file", run.Output);
        Assert.Empty(StatusRow.Parse(run.Output));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Cluster_status_with_a_certificate_of_another_ca_gets_no_answer()
    {
        var stranger = tls.OtherPki.IssueServerAndClient("operator", "127.0.0.1");

        var run = await AdminCli.RunAsync(["cluster", "status", .. TlsCluster.TlsArgs(stranger, StrangerCaBundle()), "--cluster_seed", Cluster.Seeds]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no cluster node answered at", run.Output);
        Assert.Empty(StatusRow.Parse(run.Output));
    }

    [Fact]
    public async Task Nodes_without_a_certificate_of_the_cluster_ca_never_become_members()
    {
        // Trusting the cluster's CA (its certificate is no secret) lets the stranger accept the nodes; its own
        // certificate is from another CA, which only the nodes' check can refuse.
        var stranger = Cluster.StartExtraNode(TlsCluster.TlsArgs(tls.OtherPki.IssueServerAndClient("stranger", "127.0.0.1"), StrangerCaBundle()));
        var plain = Cluster.StartExtraNode();
        try
        {
            var deadline = DateTime.UtcNow + JoinPatience;
            while (DateTime.UtcNow < deadline)
            {
                var status = await Cluster.AdminAsync("cluster", "status");
                Assert.Equal(0, status.ExitCode);
                Assert.Equal(Cluster.Nodes.Select(n => (n.Address, "Up")), StatusRow.Parse(status.Output).Select(r => (r.Node, r.Status)));
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            Assert.DoesNotContain(ClusterNode.ReadyLine, stranger.Output);
            Assert.DoesNotContain(ClusterNode.ReadyLine, plain.Output);
            Assert.Contains(Cluster.Nodes, n => n.Output.Contains($"(issued by {tls.OtherPki.Ca.Subject}) is not from the cluster's CA", StringComparison.Ordinal));
        }
        finally
        {
            stranger.Kill();
            plain.Kill();
        }
    }

    /// <summary>The cluster's CA and the other one in one file: a stranger's own certificate loads, and it trusts the nodes.</summary>
    private string StrangerCaBundle()
    {
        var bundle = Path.Combine(tls.Directory, $"stranger-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(bundle, File.ReadAllText(tls.Pki.CaPemPath) + File.ReadAllText(tls.OtherPki.CaPemPath));
        return bundle;
    }

    /// <summary>
    /// A TLS handshake without a client certificate: the client's side may finish before the node has checked it, so
    /// a refusal shows as a failed handshake or as the connection closed. True when the node dropped it within 10 s.
    /// </summary>
    private static async Task<bool> DroppedWithoutClientCertificateAsync(SslStream stream, string host)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, patience.Token);
            return await stream.ReadAsync(new byte[1], patience.Token) == 0;
        }
        catch (Exception e) when (e is TlsAuthenticationException or IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
