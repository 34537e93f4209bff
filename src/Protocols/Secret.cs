using System.Security.Cryptography;
using System.Text;

namespace ActorMailProxy.Protocols;

/// <summary>A password or other credential. Its text form is always <c>***</c>, so it cannot reach a log by accident.</summary>
public sealed class Secret : IEquatable<Secret>
{
    private readonly byte[] _bytes;

    private Secret(byte[] bytes) => _bytes = bytes;

    public static Secret FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    public static Secret FromString(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>The exact bytes the client sent; only the credential relay and <c>--log_passwd</c> may ask for them.</summary>
    public ReadOnlySpan<byte> Reveal() => _bytes;

    public string RevealText() => Encoding.UTF8.GetString(_bytes);

    public int Length => _bytes.Length;

    public override string ToString() => "***";

    public bool Equals(Secret? other) => other is not null && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    public override bool Equals(object? obj) => obj is Secret s && Equals(s);

    public override int GetHashCode() => _bytes.Length;
}
