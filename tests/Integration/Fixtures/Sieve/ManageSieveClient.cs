using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using ActorMailProxy.Integration.Fixtures.Raw;

namespace ActorMailProxy.Integration.Fixtures.Sieve;

/// <summary>
/// A small ManageSieve (RFC 5804) client for tests. Every command returns the server's typed status line;
/// NO and BYE are answers, not exceptions. Only a malformed or truncated server reply throws.
/// </summary>
public sealed class ManageSieveClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly string _host;
    private Stream _stream;
    private LineReader _reader;

    private ManageSieveClient(TcpClient tcp, string host, TimeSpan timeout)
    {
        _tcp = tcp;
        _host = host;
        _stream = tcp.GetStream();
        _reader = new LineReader(_stream);
        Timeout = timeout;
    }

    /// <summary>The capability lines and status the server greeted with (BYE when it refused the connection).</summary>
    public SieveReply<SieveCapabilities> Greeting { get; private set; } = null!;

    /// <summary>How long one command may wait for its complete answer.</summary>
    public TimeSpan Timeout { get; }

    public static async Task<ManageSieveClient> ConnectAsync(string host, int port, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                connecting.CancelAfter(limit);
                await tcp.ConnectAsync(host, port, connecting.Token);
            }
            var client = new ManageSieveClient(tcp, host, limit);
            using var cts = client.Deadline(ct);
            client.Greeting = await client.ReadCapabilitiesAsync(cts.Token);
            return client;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public async Task<SieveResponse> AuthenticatePlainAsync(
        string user, string password, SaslInitialResponse initialResponse = SaslInitialResponse.QuotedString, CancellationToken ct = default)
    {
        using var cts = Deadline(ct);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));
        var command = new SieveCommand().Atom("AUTHENTICATE").String("PLAIN");
        switch (initialResponse)
        {
            case SaslInitialResponse.QuotedString:
                return await RunAsync(command.String(credentials), cts.Token);
            case SaslInitialResponse.Literal:
                return await RunAsync(command.Literal(Encoding.ASCII.GetBytes(credentials)), cts.Token);
            default:
                await SendAsync(command, cts.Token);
                var challenge = await ReadTokensAsync(cts.Token);
                if (SieveResponse.TryParse(challenge) is { } refused)
                    return refused;
                if (challenge is not [{ Kind: SieveTokenKind.String, Text: "" }])
                    throw new InvalidDataException($"Expected the empty PLAIN challenge, got: {string.Join(' ', challenge.Select(t => t.Text))}");
                return await RunAsync(new SieveCommand().String(credentials), cts.Token);
        }
    }

    /// <summary>
    /// <c>STARTTLS</c>, then a TLS handshake for the host this client connected to, then the capabilities the server must
    /// send again over TLS (RFC 5804 §2.2), which this returns. A NO is returned with no capabilities and the connection
    /// stays plaintext. Bytes sent after the OK and before the handshake are a protocol error, never fed into TLS.
    /// </summary>
    public async Task<SieveReply<SieveCapabilities>> StartTlsAsync(RemoteCertificateValidationCallback validate, CancellationToken ct = default)
    {
        using var cts = Deadline(ct);
        var response = await RunAsync(new SieveCommand().Atom("STARTTLS"), cts.Token);
        if (!response.IsOk)
            return new SieveReply<SieveCapabilities>(response, SieveCapabilities.FromLines([]));
        if (_reader.BufferedCount > 0)
            throw new InvalidDataException($"The server sent {_reader.BufferedCount} bytes after its STARTTLS OK and before the TLS handshake.");

        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _host, RemoteCertificateValidationCallback = validate }, cts.Token);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
        _stream = tls;
        _reader = new LineReader(tls);
        return await ReadCapabilitiesAsync(cts.Token);
    }

    public async Task<SieveReply<SieveCapabilities>> CapabilityAsync(CancellationToken ct = default)
    {
        using var cts = Deadline(ct);
        await SendAsync(new SieveCommand().Atom("CAPABILITY"), cts.Token);
        return await ReadCapabilitiesAsync(cts.Token);
    }

    public async Task<SieveResponse> PutScriptAsync(string name, string script, CancellationToken ct = default)
    {
        using var cts = Deadline(ct);
        return await RunAsync(new SieveCommand().Atom("PUTSCRIPT").String(name).Literal(Encoding.UTF8.GetBytes(script)), cts.Token);
    }

    public async Task<SieveReply<IReadOnlyList<SieveScriptEntry>>> ListScriptsAsync(CancellationToken ct = default)
    {
        using var cts = Deadline(ct);
        var scripts = new List<SieveScriptEntry>();
        var response = await RunAsync(new SieveCommand().Atom("LISTSCRIPTS"), cts.Token, line => scripts.Add(line switch
        {
            [{ Kind: SieveTokenKind.String } name] => new SieveScriptEntry(name.Text, false),
            [{ Kind: SieveTokenKind.String } name, var active] when active.IsAtom("ACTIVE") => new SieveScriptEntry(name.Text, true),
            _ => throw new InvalidDataException($"Malformed LISTSCRIPTS line: {string.Join(' ', line.Select(t => t.Text))}"),
        }));
        return new SieveReply<IReadOnlyList<SieveScriptEntry>>(response, scripts);
    }

    public async Task<SieveReply<string?>> GetScriptAsync(string name, CancellationToken ct = default)
    {
        using var cts = Deadline(ct);
        string? script = null;
        var response = await RunAsync(new SieveCommand().Atom("GETSCRIPT").String(name), cts.Token, line => script = line switch
        {
            [{ Kind: SieveTokenKind.String } text] when script is null => text.Text,
            _ => throw new InvalidDataException($"Unexpected GETSCRIPT line: {string.Join(' ', line.Select(t => t.Text))}"),
        });
        return new SieveReply<string?>(response, script);
    }

    public async Task<SieveResponse> SetActiveAsync(string name, CancellationToken ct = default)
    {
        using var cts = Deadline(ct);
        return await RunAsync(new SieveCommand().Atom("SETACTIVE").String(name), cts.Token);
    }

    public async Task<SieveResponse> NoopAsync(CancellationToken ct = default)
    {
        using var cts = Deadline(ct);
        return await RunAsync(new SieveCommand().Atom("NOOP"), cts.Token);
    }

    public async Task<SieveResponse> LogoutAsync(CancellationToken ct = default)
    {
        using var cts = Deadline(ct);
        return await RunAsync(new SieveCommand().Atom("LOGOUT"), cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private CancellationTokenSource Deadline(CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Timeout);
        return cts;
    }

    private async Task<SieveReply<SieveCapabilities>> ReadCapabilitiesAsync(CancellationToken ct)
    {
        var lines = new List<IReadOnlyList<SieveToken>>();
        var response = await ReadResponseAsync(ct, lines.Add);
        return new SieveReply<SieveCapabilities>(response, SieveCapabilities.FromLines(lines));
    }

    private async Task<SieveResponse> RunAsync(SieveCommand command, CancellationToken ct, Action<IReadOnlyList<SieveToken>>? onData = null)
    {
        await SendAsync(command, ct);
        return await ReadResponseAsync(ct, onData);
    }

    private async Task SendAsync(SieveCommand command, CancellationToken ct)
    {
        await _stream.WriteAsync(command.ToBytes(), ct);
        await _stream.FlushAsync(ct);
    }

    /// <summary>Reads data lines, handing each to <paramref name="onData"/>, until the status line that ends the answer.</summary>
    private async Task<SieveResponse> ReadResponseAsync(CancellationToken ct, Action<IReadOnlyList<SieveToken>>? onData)
    {
        while (true)
        {
            var tokens = await ReadTokensAsync(ct);
            if (SieveResponse.TryParse(tokens) is { } response)
                return response;
            if (onData is null)
                throw new InvalidDataException($"Unexpected data line: {string.Join(' ', tokens.Select(t => t.Text))}");
            onData(tokens);
        }
    }

    private async Task<IReadOnlyList<SieveToken>> ReadTokensAsync(CancellationToken ct) =>
        await SieveLineParser.ReadAsync(_reader, ct)
        ?? throw new EndOfStreamException("ManageSieve server closed the connection without a status line.");
}
