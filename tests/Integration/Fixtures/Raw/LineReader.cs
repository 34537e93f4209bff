namespace ActorMailProxy.Integration.Fixtures.Raw;

/// <summary>Buffered reads of CRLF lines and exact byte counts from one stream, so lines and protocol literals interleave correctly.</summary>
internal sealed class LineReader(Stream stream)
{
    // A server that never sends LF must fail the test, not exhaust memory.
    private const int MaxLineBytes = 1024 * 1024;

    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>Bytes read from the stream but not yet returned; before a TLS handshake they must be none.</summary>
    public int BufferedCount => _end - _start;

    /// <summary>The next line without its CRLF (or bare LF); a partial last line before EOF; null at EOF.</summary>
    public async Task<byte[]?> ReadLineAsync(CancellationToken ct)
    {
        using var line = new MemoryStream();
        while (true)
        {
            var lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (lf >= 0)
            {
                line.Write(_buffer, _start, lf - _start);
                _start = lf + 1;
                return TrimCr(line.ToArray());
            }

            line.Write(_buffer, _start, _end - _start);
            _start = _end;
            if (line.Length > MaxLineBytes)
                throw new InvalidDataException($"Line longer than {MaxLineBytes} bytes without LF.");
            if (!await FillAsync(ct))
                return line.Length == 0 ? null : line.ToArray();
        }
    }

    /// <summary>Exactly <paramref name="count"/> bytes, as a literal's payload; throws if the stream ends first.</summary>
    public async Task<byte[]> ReadExactAsync(int count, CancellationToken ct)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end && !await FillAsync(ct))
                throw new EndOfStreamException($"Stream ended after {filled} of {count} literal bytes.");
            var take = Math.Min(count - filled, _end - _start);
            Array.Copy(_buffer, _start, result, filled, take);
            _start += take;
            filled += take;
        }
        return result;
    }

    private async Task<bool> FillAsync(CancellationToken ct)
    {
        var read = await stream.ReadAsync(_buffer, ct);
        _start = 0;
        _end = read;
        return read > 0;
    }

    private static byte[] TrimCr(byte[] line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
}
