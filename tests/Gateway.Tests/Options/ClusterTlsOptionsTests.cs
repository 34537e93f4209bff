using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Gateway.Tls;

namespace ActorMailProxy.Gateway.Tests.Options;

/// <summary>
/// --cluster_cert_file, --cluster_key_file, --cluster_ca_file and mailproxy.cluster.tls: all or none (the key may live
/// in the certificate file), and when set the cluster port speaks TLS and its seeds are reached over it. The files are
/// read later (ClusterTls.Load), so none need exist here.
/// </summary>
public sealed class ClusterTlsOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-cluster-tls-options-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LoadResult Load(string hocon, params string[] args)
    {
        var config = Path.Combine(_dir, "test.conf");
        File.WriteAllText(config, $"""
            mailproxy.perdition-config-dir = "{_dir}"
            mailproxy.hostname = "test"
            akka.cluster.seed-nodes = ["akka.tcp://actormailproxy@10.0.0.1:2551", "akka.tcp://actormailproxy@10.0.0.2:2551"]
            {hocon}
            """);
        return OptionsLoader.Load(["--config", config, "-b", "127.0.0.1", .. args]);
    }

    private ProxyOptions Ready(string hocon, params string[] args) => Assert.IsType<LoadResult.Ready>(Load(hocon, args)).Options;

    private string Refused(string hocon, params string[] args) => Assert.Single(Assert.IsType<LoadResult.Invalid>(Load(hocon, args)).Errors);

    [Fact]
    public void None_given_leaves_the_cluster_port_plain_tcp()
    {
        var options = Ready("");

        Assert.Null(options.ClusterTls);
        Assert.False(options.Akka.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.All(options.Akka.GetStringList("akka.cluster.seed-nodes"), s => Assert.StartsWith("akka.tcp://", s));
    }

    [Fact]
    public void Command_line_form_turns_on_tls_and_reaches_the_hocon_seeds_over_it()
    {
        var options = Ready("", "--cluster_cert_file", "/pki/node1.crt", "--cluster_key_file", "/pki/node1.key", "--cluster_ca_file", "/pki/ca.crt");

        Assert.Equal(new ClusterTlsSettings("/pki/node1.crt", "/pki/node1.key", "/pki/ca.crt"), options.ClusterTls);
        Assert.True(options.Akka.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.Equal(["akka.ssl.tcp://actormailproxy@10.0.0.1:2551", "akka.ssl.tcp://actormailproxy@10.0.0.2:2551"], options.Akka.GetStringList("akka.cluster.seed-nodes"));
    }

    [Fact]
    public void Hocon_form_without_a_key_file_takes_the_key_from_the_certificate_file()
    {
        var options = Ready("""mailproxy.cluster.tls { cert-file = "/pki/node1.pem", ca-file = "/pki/ca.crt" }""");

        Assert.Equal(new ClusterTlsSettings("/pki/node1.pem", null, "/pki/ca.crt"), options.ClusterTls);
        Assert.True(options.Akka.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
    }

    [Fact]
    public void Command_line_overrides_each_hocon_file_and_cluster_seed_gets_the_tls_scheme()
    {
        var options = Ready(
            """mailproxy.cluster.tls { cert-file = "/pki/node1.crt", key-file = "/pki/node1.key", ca-file = "/pki/ca.crt" }""",
            "--cluster_cert_file", "/other/node1.crt", "--cluster_seed", "10.0.0.9:2600");

        Assert.Equal(new ClusterTlsSettings("/other/node1.crt", "/pki/node1.key", "/pki/ca.crt"), options.ClusterTls);
        Assert.Equal(["akka.ssl.tcp://actormailproxy@10.0.0.9:2600"], options.Akka.GetStringList("akka.cluster.seed-nodes"));
    }

    [Fact]
    public void Perditions_config_file_may_name_them_too()
    {
        var file = Path.Combine(_dir, "perdition.conf");
        File.WriteAllText(file, "cluster_cert_file /pki/node1.crt\ncluster_key_file /pki/node1.key\ncluster_ca_file /pki/ca.crt\n");

        Assert.Equal(new ClusterTlsSettings("/pki/node1.crt", "/pki/node1.key", "/pki/ca.crt"), Ready("", "-f", file).ClusterTls);
    }

    [Theory]
    [InlineData("--cluster_cert_file|/pki/node1.crt", "missing: --cluster_ca_file")]
    [InlineData("--cluster_cert_file|/pki/node1.crt|--cluster_key_file|/pki/node1.key", "missing: --cluster_ca_file")]
    [InlineData("--cluster_ca_file|/pki/ca.crt", "missing: --cluster_cert_file")]
    [InlineData("--cluster_key_file|/pki/node1.key", "missing: --cluster_cert_file, --cluster_ca_file")]
    [InlineData("--cluster_key_file|/pki/node1.key|--cluster_ca_file|/pki/ca.crt", "missing: --cluster_cert_file")]
    public void A_partial_set_on_the_command_line_is_refused_naming_what_is_missing(string args, string missing)
    {
        var error = Refused("", args.Split('|'));

        Assert.StartsWith("cluster TLS needs --cluster_cert_file and --cluster_ca_file together", error);
        Assert.EndsWith(missing, error);
    }

    [Fact]
    public void A_partial_set_in_hocon_is_refused_too()
    {
        var error = Refused("""mailproxy.cluster.tls.cert-file = "/pki/node1.crt" """);

        Assert.Contains("(mailproxy.cluster.tls cert-file and ca-file)", error);
        Assert.EndsWith("missing: --cluster_ca_file", error);
    }

    [Fact]
    public void Empty_values_unset_what_the_hocon_gave()
    {
        var options = Ready(
            """mailproxy.cluster.tls { cert-file = "/pki/node1.crt", key-file = "/pki/node1.key", ca-file = "/pki/ca.crt" }""",
            "--cluster_cert_file", "", "--cluster_key_file", "", "--cluster_ca_file", "");

        Assert.Null(options.ClusterTls);
        Assert.False(options.Akka.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
    }
}
