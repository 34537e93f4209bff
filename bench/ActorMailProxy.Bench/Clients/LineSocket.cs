using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace ActorMailProxy.Bench.Clients;

/// <summary>
/// A client socket that reads CRLF lines and counted byte runs out of one reused buffer. The load generator shares
/// two cores with what it measures, so it allocates nothing per line and never decodes text it does not look at.
/// Over TLS it reads and writes through an <see cref="SslStream"/>; plaintext stays on the bare socket.
/// </summary>
public sealed class LineSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly SslStream? _tls;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;

    private LineSocket(Socket socket, SslStream? tls, int bufferSize)
    {
        _socket = socket;
        _tls = tls;
        _buffer = new byte[bufferSize];
    }

    /// <summary>Every byte received so far, protocol lines and message data alike; over TLS, the decrypted ones.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>What the TLS handshake agreed on, e.g. "Tls13 TLS_AES_256_GCM_SHA384"; null on plaintext.</summary>
    public string? Negotiated => _tls is null ? null : $"{_tls.SslProtocol} {_tls.NegotiatedCipherSuite}";

    /// <summary>Connects and, for a TLS endpoint, completes the handshake (validating the server) before returning.</summary>
    public static async Task<LineSocket> ConnectAsync(MailEndpoint endpoint, int bufferSize, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SslStream? tls = null;
        try
        {
            if (endpoint.Source is { } source)
            {
                socket.Bind(new IPEndPoint(source, 0));
            }
            await socket.ConnectAsync(endpoint.Address, ct);
            if (endpoint.Tls is { } client)
            {
                tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
                await tls.AuthenticateAsClientAsync(client.Options(), ct);
            }
            return new LineSocket(socket, tls, bufferSize);
        }
        catch
        {
            tls?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        if (_tls is not null)
        {
            await _tls.WriteAsync(bytes, ct);
            return;
        }
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None, ct);
            bytes = bytes[sent..];
        }
    }

    /// <summary>The next line without its CRLF; valid until the next read of any kind.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadLineAsync(CancellationToken ct)
    {
        var scanned = _start;
        while (true)
        {
            var lf = _buffer.AsSpan(scanned, _end - scanned).IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var lineEnd = scanned + lf;
                var line = _buffer.AsMemory(_start, lineEnd - _start);
                _start = lineEnd + 1;
                return line.Span.EndsWith("\r"u8) ? line[..^1] : line;
            }
            if (_start > 0)
            {
                Compact();
            }
            scanned = _end;
            if (_end == _buffer.Length)
            {
                throw new UnexpectedReplyException($"a line longer than {_buffer.Length} bytes");
            }
            await FillAsync(ct);
        }
    }

    /// <summary>Reads and discards <paramref name="count"/> bytes, e.g. an IMAP literal.</summary>
    public async ValueTask SkipAsync(long count, CancellationToken ct)
    {
        while (true)
        {
            var buffered = Math.Min(count, _end - _start);
            _start += (int)buffered;
            count -= buffered;
            if (count == 0)
            {
                return;
            }
            _start = _end = 0;
            await FillAsync(ct);
        }
    }

    /// <summary>
    /// Reads until the data ends with <paramref name="terminator"/>, for a reply the server follows with nothing
    /// (POP3's dot line). The caller has just read a line, so the window starts with that line's CRLF.
    /// </summary>
    public async ValueTask ReadThroughAsync(byte[] terminator, CancellationToken ct)
    {
        var window = new byte[terminator.Length];
        window[^2] = (byte)'\r';
        window[^1] = (byte)'\n';
        while (true)
        {
            Slide(window, _buffer.AsSpan(_start, _end - _start));
            _start = _end = 0;
            if (window.AsSpan().SequenceEqual(terminator))
            {
                return;
            }
            await FillAsync(ct);
        }
    }

    /// <summary>Waits for the server to close; anything it still sends is discarded.</summary>
    public async ValueTask ReadToEndAsync(CancellationToken ct)
    {
        while (true)
        {
            _start = _end = 0;
            var read = await ReceiveAsync(_buffer.AsMemory(), ct);
            if (read == 0)
            {
                return;
            }
            BytesReceived += read;
        }
    }

    public void Dispose()
    {
        _tls?.Dispose();
        _socket.Dispose();
    }

    private ValueTask<int> ReceiveAsync(Memory<byte> into, CancellationToken ct) =>
        _tls is null ? _socket.ReceiveAsync(into, SocketFlags.None, ct) : _tls.ReadAsync(into, ct);

    private async ValueTask FillAsync(CancellationToken ct)
    {
        var read = await ReceiveAsync(_buffer.AsMemory(_end), ct);
        if (read == 0)
        {
            throw new UnexpectedReplyException("the server closed the connection");
        }
        _end += read;
        BytesReceived += read;
    }

    private void Compact()
    {
        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        _end -= _start;
        _start = 0;
    }

    private static void Slide(byte[] window, ReadOnlySpan<byte> data)
    {
        if (data.Length >= window.Length)
        {
            data[^window.Length..].CopyTo(window);
            return;
        }
        window.AsSpan(data.Length).CopyTo(window);
        data.CopyTo(window.AsSpan(window.Length - data.Length));
    }
}
