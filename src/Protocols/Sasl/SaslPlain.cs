using System.Buffers.Text;
using System.Text;

namespace ActorMailProxy.Protocols.Sasl;

/// <summary>SASL PLAIN (RFC 4616): <c>[authzid] NUL authcid NUL passwd</c>, base64 on the wire.</summary>
public static class SaslPlain
{
    public const string Mechanism = "PLAIN";

    /// <summary>Decodes a client's base64 PLAIN response; null when it is not valid base64 or not three NUL-separated parts.</summary>
    public static Credentials? Decode(ReadOnlySpan<byte> base64)
    {
        var trimmed = base64.Trim((byte)' ');
        if (trimmed.Length == 1 && trimmed[0] == '=')
        {
            return null;
        }
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(trimmed.Length)];
        if (Base64.DecodeFromUtf8(trimmed, decoded, out var consumed, out var written) != System.Buffers.OperationStatus.Done || consumed != trimmed.Length)
        {
            return null;
        }
        var message = decoded.AsSpan(0, written);
        var first = message.IndexOf((byte)0);
        if (first < 0)
        {
            return null;
        }
        var rest = message[(first + 1)..];
        var second = rest.IndexOf((byte)0);
        if (second < 0)
        {
            return null;
        }
        var authzid = message[..first];
        var authcid = rest[..second];
        var password = rest[(second + 1)..];
        if (authcid.IsEmpty || password.IndexOf((byte)0) >= 0)
        {
            return null;
        }
        return new Credentials(
            Encoding.UTF8.GetString(authcid),
            Secret.FromBytes(password),
            authzid.IsEmpty ? null : Encoding.UTF8.GetString(authzid));
    }

    /// <summary>The base64 response a client would send for these credentials (for the backend login).</summary>
    public static string Encode(string user, Secret password, string? authorizationId = null)
    {
        var authz = Encoding.UTF8.GetBytes(authorizationId ?? "");
        var authc = Encoding.UTF8.GetBytes(user);
        var pass = password.Reveal();
        var message = new byte[authz.Length + 1 + authc.Length + 1 + pass.Length];
        authz.CopyTo(message, 0);
        authc.CopyTo(message, authz.Length + 1);
        pass.CopyTo(message.AsSpan(authz.Length + 1 + authc.Length + 1));
        var encoded = Convert.ToBase64String(message);
        Array.Clear(message);
        return encoded;
    }
}
