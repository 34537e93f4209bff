using ActorMailProxy.Gateway.Options;
using ActorMailProxy.Gateway.Tls;
using ActorMailProxy.Protocols;

namespace ActorMailProxy.Gateway.Tests.Tls;

public sealed class TlsOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-tlsopt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LoadResult Load(params string[] args)
    {
        var hocon = Path.Combine(_dir, "test.conf");
        File.WriteAllText(hocon, $"mailproxy.perdition-config-dir = \"{_dir}\"\nmailproxy.hostname = \"test\"\n");
        return OptionsLoader.Load(["--config", hocon, "-b", "127.0.0.1", .. args]);
    }

    private IReadOnlyList<ListenerSpec> Listeners(params string[] args) => Assert.IsType<LoadResult.Ready>(Load(args)).Options.Listeners;

    [Theory]
    [InlineData("none", SslMode.None)]
    [InlineData("ssl_all", SslMode.SslListen | SslMode.SslOutgoing)]
    [InlineData("tls_listen_force", SslMode.TlsListen | SslMode.TlsListenForce)]
    [InlineData("tls_all_force", SslMode.TlsListen | SslMode.TlsListenForce | SslMode.TlsOutgoing | SslMode.TlsOutgoingForce)]
    [InlineData("ssl_listen,tls_outgoing", SslMode.SslListen | SslMode.TlsOutgoing)]
    public void Every_perdition_mode_is_read(string text, SslMode expected)
    {
        Assert.Equal(expected, SslModeParser.Parse(text, out _));
    }

    [Fact]
    public void Implicit_tls_protocols_listen_on_their_ports_and_default_to_ssl_all()
    {
        var listeners = Listeners("-P", "POP3S,IMAP4S");
        Assert.Equal([995, 993], listeners.Select(l => l.Endpoint.Port));
        Assert.All(listeners, l => Assert.Equal((ClientTls.Implicit, OutgoingTls.Implicit), (l.ClientTls, l.OutgoingTls)));
        Assert.Equal([995, 993], listeners.Select(l => l.OutgoingPort));
    }

    [Fact]
    public void Perditions_mixed_mode_example_listens_ssl_and_talks_plaintext_to_port_110()
    {
        var listener = Assert.Single(Listeners("--ssl_mode=ssl_listen", "--protocol=POP3S", "--outgoing_port=110"));
        Assert.Equal((ClientTls.Implicit, OutgoingTls.None, 110, 995), (listener.ClientTls, listener.OutgoingTls, listener.OutgoingPort, listener.Endpoint.Port));
    }

    [Fact]
    public void Tls_modes_map_to_starttls_offered_required_and_toward_the_backend()
    {
        var listeners = Listeners("-P", "POP3,IMAP4,MANAGESIEVE", "-l", "2110,2143,24190", "--ssl_mode", "tls_listen_force,tls_outgoing");
        Assert.All(listeners, l => Assert.Equal((ClientTls.StartTlsRequired, OutgoingTls.StartTls), (l.ClientTls, l.OutgoingTls)));
        Assert.All(Listeners("-P", "IMAP4", "--ssl_mode", "tls_all_force"), l => Assert.Equal(OutgoingTls.StartTlsRequired, l.OutgoingTls));
    }

    [Theory]
    [InlineData("--ssl_mode", "ssl_everywhere", "option --ssl_mode")]
    [InlineData("--ssl_listen_ciphers", "HIGH:!aNULL", "option --ssl_listen_ciphers")]
    [InlineData("--ssl_outgoing_min_proto_version", "tlsv9", "option --ssl_outgoing_min_proto_version")]
    public void Bad_tls_values_name_their_option(string option, string value, string expected)
    {
        Assert.Contains(Assert.IsType<LoadResult.Invalid>(Load(option, value)).Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Cipher_suites_are_taken_by_openssl_or_iana_name()
    {
        Assert.Equal(2, CipherSuiteNames.Parse("ECDHE-RSA-AES128-GCM-SHA256:TLS_AES_256_GCM_SHA384", out _)!.Count);
    }

    [Fact]
    public void A_tls_listener_without_a_certificate_refuses_to_start_with_a_clear_message()
    {
        var options = Assert.IsType<LoadResult.Ready>(Load("-P", "IMAP4S", "--ssl_cert_file", Path.Combine(_dir, "absent.pem"))).Options;
        var error = Assert.Throws<TlsSetupException>(() => TlsSetup.Create(options.Tls, options.Listeners.Select(l => l.ClientTls)));
        Assert.Contains("--ssl_cert_file", error.Message);
    }

    [Fact]
    public void Plaintext_listeners_need_no_certificate()
    {
        var options = Assert.IsType<LoadResult.Ready>(Load("-P", "IMAP4", "--ssl_mode", "tls_outgoing", "--ssl_cert_file", Path.Combine(_dir, "absent.pem"))).Options;
        Assert.Null(TlsSetup.Create(options.Tls, options.Listeners.Select(l => l.ClientTls)).Server);
    }

    [Theory]
    [InlineData("", "", System.Security.Authentication.SslProtocols.None)]
    [InlineData("tlsv1.2", "", System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13)]
    [InlineData("tlsv1.3", "tlsv1.3", System.Security.Authentication.SslProtocols.Tls13)]
    public void Version_bounds_make_a_range(string min, string max, System.Security.Authentication.SslProtocols expected)
    {
        Assert.Equal(expected, TlsVersions.Range(min, max));
    }
}
