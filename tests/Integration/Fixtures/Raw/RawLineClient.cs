using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace ActorMailProxy.Integration.Fixtures.Raw;

/// <summary>
/// A TCP client that sends exactly the bytes a test gives it and reads CRLF lines back,
/// for malformed-input tests that a protocol library would refuse to produce.
/// </summary>
public sealed class RawLineClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _tcp;
    private Stream _stream;
    private LineReader _reader;

    private RawLineClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new LineReader(_stream);
    }

    public static Task<RawLineClient> ConnectAsync(string host, int port, CancellationToken ct = default) => ConnectFromAsync(null, host, port, ct);

    /// <summary>Connects from a chosen local address (e.g. 127.0.0.2), so a test can be a different client IP.</summary>
    public static async Task<RawLineClient> ConnectFromAsync(string? from, string host, int port, CancellationToken ct = default)
    {
        var tcp = from is null ? new TcpClient { NoDelay = true } : new TcpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(from), 0)) { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, ct);
            return new RawLineClient(tcp);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Makes this connection TLS from here on: right after the server's STARTTLS/STLS OK, or right after connecting to an
    /// implicit-TLS port. Refuses when the server already sent bytes past the last line read: a client that fed those
    /// plaintext bytes into the TLS session would let a man in the middle inject them (CVE-2011-0411 and kin).
    /// </summary>
    public async Task StartTlsAsync(string targetHost, RemoteCertificateValidationCallback validate, TimeSpan? timeout = null)
    {
        if (_stream is SslStream)
            throw new InvalidOperationException("The connection already uses TLS.");
        if (_reader.BufferedCount > 0)
            throw new InvalidOperationException($"The server sent {_reader.BufferedCount} bytes after the last line and before the TLS handshake.");

        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = targetHost, RemoteCertificateValidationCallback = validate }, cts.Token);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
        _stream = tls;
        _reader = new LineReader(tls);
    }

    /// <summary>Sends <paramref name="text"/> as UTF-8, adding nothing: the caller writes its own CRLF.</summary>
    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>The next line without CRLF, decoded as UTF-8, or null when the server has closed the connection.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            var line = await _reader.ReadLineAsync(cts.Token);
            return line is null ? null : Encoding.UTF8.GetString(line);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"No complete line from the server within {timeout ?? DefaultTimeout}.");
        }
    }

    /// <summary>Every line up to and including the first one <paramref name="isLast"/> accepts; throws if the server closes first.</summary>
    public async Task<IReadOnlyList<string>> ReadUntilAsync(Func<string, bool> isLast, TimeSpan? timeout = null)
    {
        var lines = new List<string>();
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            while (true)
            {
                var bytes = await _reader.ReadLineAsync(cts.Token)
                    ?? throw new EndOfStreamException($"Server closed the connection after: {string.Join(" | ", lines)}");
                var line = Encoding.UTF8.GetString(bytes);
                lines.Add(line);
                if (isLast(line))
                    return lines;
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"No matching line within {timeout ?? DefaultTimeout}; read: {string.Join(" | ", lines)}");
        }
    }

    /// <summary>
    /// Reads and discards until the server closes the connection (true), or the timeout passes with it still open (false).
    /// A reset counts as closed: a server that drops a bad client may not linger for a FIN.
    /// </summary>
    public async Task<bool> ServerClosedAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            while (await _reader.ReadLineAsync(cts.Token) is not null)
            {
            }
            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
