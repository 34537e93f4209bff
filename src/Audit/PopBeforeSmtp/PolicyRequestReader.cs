using System.Text;
using System.Text.Unicode;

namespace ActorMailProxy.Audit.PopBeforeSmtp;

/// <summary>
/// Reads the Postfix policy delegation protocol from a byte stream, as the bytes arrive: <c>name=value</c> lines, each
/// ending in LF, and an empty line ending the request. Pure: no socket, no clock. One reader serves one connection.
/// </summary>
public sealed class PolicyRequestReader
{
    /// <summary>Bytes a line may hold before its LF; Postfix's own attributes are far shorter.</summary>
    public const int MaxLineBytes = 2048;

    /// <summary>Attributes one request may hold; Postfix 3 sends about 30.</summary>
    public const int MaxAttributes = 100;

    private const byte LineFeed = (byte)'\n';
    private const byte EqualsSign = (byte)'=';

    // Holds only a line split across reads, so a connection never buffers more than one line.
    private readonly byte[] _partialLine = new byte[MaxLineBytes];
    private int _partialLength;
    private Dictionary<string, string> _attributes = new(StringComparer.Ordinal);
    private PolicyRead.Malformed? _malformed;

    /// <summary>
    /// Takes bytes from <paramref name="input"/> until a request ends, the stream turns out malformed, or the input runs
    /// out; <paramref name="consumed"/> says how many were taken, so the caller passes the rest in the next call.
    /// Once malformed, the reader stays so.
    /// </summary>
    public PolicyRead Read(ReadOnlySpan<byte> input, out int consumed)
    {
        consumed = 0;
        if (_malformed is not null)
            return _malformed;

        while (consumed < input.Length)
        {
            var rest = input[consumed..];
            var end = rest.IndexOf(LineFeed);
            if (end < 0)
                return KeepPartial(rest, ref consumed);

            consumed += end + 1;
            var line = _partialLength == 0 ? TakeLine(rest[..end]) : TakeSplitLine(rest[..end]);
            if (line is not null)
                return line;
        }
        return PolicyRead.NeedMore.Instance;
    }

    private PolicyRead KeepPartial(ReadOnlySpan<byte> start, ref int consumed)
    {
        if (_partialLength + start.Length > MaxLineBytes)
            return Fail(PolicyMalformation.LineTooLong);
        start.CopyTo(_partialLine.AsSpan(_partialLength));
        _partialLength += start.Length;
        consumed += start.Length;
        return PolicyRead.NeedMore.Instance;
    }

    private PolicyRead? TakeSplitLine(ReadOnlySpan<byte> end)
    {
        if (_partialLength + end.Length > MaxLineBytes)
            return Fail(PolicyMalformation.LineTooLong);
        end.CopyTo(_partialLine.AsSpan(_partialLength));
        var length = _partialLength + end.Length;
        _partialLength = 0;
        return TakeLine(_partialLine.AsSpan(0, length));
    }

    // Null while the request goes on.
    private PolicyRead? TakeLine(ReadOnlySpan<byte> line)
    {
        if (line.Length > MaxLineBytes)
            return Fail(PolicyMalformation.LineTooLong);
        if (line.IsEmpty)
            return Complete();
        if (!Utf8.IsValid(line))
            return Fail(PolicyMalformation.InvalidUtf8);

        var equals = line.IndexOf(EqualsSign);
        if (equals < 0)
            return Fail(PolicyMalformation.LineWithoutEquals);
        if (equals == 0)
            return Fail(PolicyMalformation.EmptyName);
        if (_attributes.Count == MaxAttributes)
            return Fail(PolicyMalformation.TooManyAttributes);

        var name = Encoding.UTF8.GetString(line[..equals]);
        var value = Encoding.UTF8.GetString(line[(equals + 1)..]);
        return _attributes.TryAdd(name, value) ? null : Fail(PolicyMalformation.DuplicateName);
    }

    private PolicyRead.Complete Complete()
    {
        var request = new PolicyRequest(_attributes.AsReadOnly());
        _attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        return new PolicyRead.Complete(request);
    }

    private PolicyRead.Malformed Fail(PolicyMalformation reason) => _malformed = new PolicyRead.Malformed(reason);
}
