using System.Security.Cryptography.X509Certificates;

namespace ActorMailProxy.Integration.Fakes;

/// <summary>
/// A scripted IMAP server with STARTTLS, for the faults a real server cannot produce: a PREAUTH greeting, or plaintext
/// sent after <c>OK Begin TLS</c> in the same TCP segment (what a man in the middle injects, CVE-2011-0411 turned around).
/// Before TLS it answers STARTTLS, CAPABILITY, NOOP and LOGOUT and refuses everything else; after TLS it accepts any LOGIN.
/// Literals are not understood: a line ending in <c>}</c> gets BAD rather than a hang.
/// </summary>
public sealed class FakeTlsImapBackend : IAsyncDisposable
{
    public const string DefaultGreeting = "* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] fake IMAP ready";
    public const string StartTlsOk = "OK Begin TLS negotiation now";

    private readonly FakeTlsServer _server;
    private readonly X509Certificate2 _certificate;
    private readonly string _greeting;
    private readonly string _extraAfterStartTlsOk;

    /// <param name="certificate">Served in the handshake after STARTTLS; it needs its private key.</param>
    /// <param name="greeting">The first line, without CRLF: <c>* OK …</c>, or <c>* PREAUTH …</c>, or anything else.</param>
    /// <param name="extraAfterStartTlsOk">Sent right after the STARTTLS OK line in the same Send call, before the handshake; CRLFs included by the caller.</param>
    public FakeTlsImapBackend(X509Certificate2 certificate, string greeting = DefaultGreeting, string extraAfterStartTlsOk = "")
    {
        _certificate = certificate;
        _greeting = greeting;
        _extraAfterStartTlsOk = extraAfterStartTlsOk;
        _server = new FakeTlsServer(ConverseAsync);
    }

    public int Port => _server.Port;

    /// <summary>TCP connections accepted so far, whether or not they reached TLS.</summary>
    public int Connections => _server.Connections;

    /// <summary>Every line received before a TLS handshake, without CRLF, over all connections in arrival order.</summary>
    public IReadOnlyList<string> ReceivedPlaintext => _server.ReceivedPlaintext;

    /// <summary>Every line received inside TLS, without CRLF, over all connections in arrival order.</summary>
    public IReadOnlyList<string> ReceivedEncrypted => _server.ReceivedEncrypted;

    private async Task ConverseAsync(FakeTlsConnection connection)
    {
        await connection.SendAsync(_greeting + "\r\n");
        while (await connection.ReadLineAsync() is { } line)
        {
            var words = line.Split(' ', 3);
            var tag = words[0];
            var command = words.Length > 1 ? words[1].ToUpperInvariant() : "";
            switch (command)
            {
                case "STARTTLS" when !connection.IsEncrypted:
                    await connection.SendAsync($"{tag} {StartTlsOk}\r\n{_extraAfterStartTlsOk}");
                    if (!await connection.StartTlsAsync(_certificate))
                        return;
                    break;
                case "CAPABILITY":
                    var capabilities = connection.IsEncrypted ? "IMAP4rev1 AUTH=PLAIN" : "IMAP4rev1 STARTTLS AUTH=PLAIN";
                    await connection.SendAsync($"* CAPABILITY {capabilities}\r\n{tag} OK CAPABILITY completed\r\n");
                    break;
                case "NOOP":
                    await connection.SendAsync($"{tag} OK NOOP completed\r\n");
                    break;
                case "LOGOUT":
                    await connection.SendAsync($"* BYE fake IMAP logging out\r\n{tag} OK LOGOUT completed\r\n");
                    return;
                case var _ when line.EndsWith('}'):
                    await connection.SendAsync($"{tag} BAD literals are not supported by this fake\r\n");
                    break;
                case "LOGIN" when connection.IsEncrypted:
                    await connection.SendAsync($"{tag} OK [CAPABILITY IMAP4rev1] Logged in\r\n");
                    break;
                case var _ when !connection.IsEncrypted:
                    await connection.SendAsync($"{tag} NO [PRIVACYREQUIRED] STARTTLS first\r\n");
                    break;
                default:
                    await connection.SendAsync($"{tag} BAD unknown command\r\n");
                    break;
            }
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
