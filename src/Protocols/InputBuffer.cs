namespace ActorMailProxy.Protocols;

/// <summary>
/// Bytes read from a peer and not yet consumed, bounded by a fixed maximum: a socket reads into
/// <see cref="GetWriteMemory"/>, a parser consumes from <see cref="Unread"/>. It never grows past its bound,
/// so a peer that never sends a line end cannot make it grow.
/// </summary>
public sealed class InputBuffer
{
    private byte[] _buffer;
    private int _start;
    private int _end;

    public InputBuffer(int maxSize, int initialSize = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 16);
        MaxSize = maxSize;
        _buffer = new byte[Math.Min(initialSize, maxSize)];
    }

    public int MaxSize { get; }

    public int Count => _end - _start;

    public bool IsFull => Count >= MaxSize;

    public ReadOnlySpan<byte> Unread => _buffer.AsSpan(_start, Count);

    /// <summary>Free space to read into; empty only when <see cref="IsFull"/>.</summary>
    public Memory<byte> GetWriteMemory()
    {
        if (_start > 0 && (_end == _buffer.Length || _start == _end))
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, Count);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length && _buffer.Length < MaxSize)
        {
            Array.Resize(ref _buffer, Math.Min(MaxSize, _buffer.Length * 2));
        }
        return _buffer.AsMemory(_end, Math.Min(_buffer.Length, MaxSize + _start) - _end);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>Copies as much of <paramref name="data"/> as fits; returns how much that was.</summary>
    public int Append(ReadOnlySpan<byte> data)
    {
        var copied = 0;
        while (copied < data.Length)
        {
            var free = GetWriteMemory();
            if (free.IsEmpty)
            {
                break;
            }
            var n = Math.Min(free.Length, data.Length - copied);
            data.Slice(copied, n).CopyTo(free.Span);
            Advance(n);
            copied += n;
        }
        return copied;
    }

    public void Consume(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>Takes one line, without its CRLF (a bare LF also ends a line).</summary>
    public bool TryReadLine(out byte[] line)
    {
        var unread = Unread;
        var lf = unread.IndexOf((byte)'\n');
        if (lf < 0)
        {
            line = [];
            return false;
        }
        var length = lf > 0 && unread[lf - 1] == '\r' ? lf - 1 : lf;
        line = unread[..length].ToArray();
        Consume(lf + 1);
        return true;
    }

    /// <summary>Drops everything up to and including the next line end; false if there is none yet (then all is dropped).</summary>
    public bool SkipLine()
    {
        var lf = Unread.IndexOf((byte)'\n');
        if (lf < 0)
        {
            Consume(Count);
            return false;
        }
        Consume(lf + 1);
        return true;
    }

    public byte[] TakeAll()
    {
        var all = Unread.ToArray();
        Consume(Count);
        return all;
    }
}
