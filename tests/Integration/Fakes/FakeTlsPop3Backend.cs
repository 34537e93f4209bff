using System.Security.Cryptography.X509Certificates;

namespace ActorMailProxy.Integration.Fakes;

/// <summary>
/// A scripted POP3 server with STLS (RFC 2595), for the faults a real server cannot produce: plaintext sent after
/// <c>+OK Begin TLS</c> in the same TCP segment. Before TLS it answers CAPA (listing STLS), STLS, NOOP and QUIT and
/// refuses everything else; after TLS it accepts any USER and PASS.
/// </summary>
public sealed class FakeTlsPop3Backend : IAsyncDisposable
{
    public const string DefaultGreeting = "+OK fake POP3 ready";
    public const string StlsOk = "+OK Begin TLS negotiation";

    private readonly FakeTlsServer _server;
    private readonly X509Certificate2 _certificate;
    private readonly string _greeting;
    private readonly string _extraAfterStlsOk;

    /// <param name="certificate">Served in the handshake after STLS; it needs its private key.</param>
    /// <param name="greeting">The first line, without CRLF.</param>
    /// <param name="extraAfterStlsOk">Sent right after the STLS +OK line in the same Send call, before the handshake; CRLFs included by the caller.</param>
    public FakeTlsPop3Backend(X509Certificate2 certificate, string greeting = DefaultGreeting, string extraAfterStlsOk = "")
    {
        _certificate = certificate;
        _greeting = greeting;
        _extraAfterStlsOk = extraAfterStlsOk;
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
            switch (line.Split(' ', 2)[0].ToUpperInvariant())
            {
                case "STLS" when !connection.IsEncrypted:
                    await connection.SendAsync($"{StlsOk}\r\n{_extraAfterStlsOk}");
                    if (!await connection.StartTlsAsync(_certificate))
                        return;
                    break;
                case "CAPA":
                    // USER only over TLS: RFC 2595 lets a server hide plaintext logins until then.
                    await connection.SendAsync(connection.IsEncrypted ? "+OK\r\nUSER\r\n.\r\n" : "+OK\r\nSTLS\r\n.\r\n");
                    break;
                case "NOOP":
                    await connection.SendAsync("+OK\r\n");
                    break;
                case "QUIT":
                    await connection.SendAsync("+OK fake POP3 signing off\r\n");
                    return;
                case "USER" when connection.IsEncrypted:
                    await connection.SendAsync("+OK send PASS\r\n");
                    break;
                case "PASS" when connection.IsEncrypted:
                    await connection.SendAsync("+OK logged in\r\n");
                    break;
                case var _ when !connection.IsEncrypted:
                    await connection.SendAsync("-ERR STLS first\r\n");
                    break;
                default:
                    await connection.SendAsync("-ERR unknown command\r\n");
                    break;
            }
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
