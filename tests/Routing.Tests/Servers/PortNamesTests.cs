using ActorMailProxy.Routing.Servers;

namespace ActorMailProxy.Routing.Tests.Servers;

public sealed class PortNamesTests
{
    [Fact]
    public void Services_file_gives_tcp_names_and_aliases_and_skips_comments_and_udp()
    {
        const string services = """
            # Network services
            pop3		110/tcp		pop-3		# POP version 3
            imap2		143/tcp		imap
            syslog		514/udp
            bogus		notaport/tcp
              
            kerberos	88/tcp		kerberos5 krb5	# Kerberos v5
            """;

        var parsed = PortNames.ParseServices(new StringReader(services));

        Assert.Equal(
            new Dictionary<string, int>
            {
                ["pop3"] = 110, ["pop-3"] = 110, ["imap2"] = 143, ["imap"] = 143,
                ["kerberos"] = 88, ["kerberos5"] = 88, ["krb5"] = 88,
            },
            parsed.OrderBy(p => p.Key).ToDictionary());
    }

    [Theory]
    [InlineData("110", 110)]
    [InlineData("sieve", 4190)]
    [InlineData("IMAPS", 993)]
    public void Resolves_numbers_and_built_in_mail_service_names(string text, int port)
    {
        Assert.True(PortNames.TryResolve(text, out var resolved));
        Assert.Equal(port, resolved);
    }
}
