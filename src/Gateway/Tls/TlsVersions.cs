using System.Security.Authentication;

namespace ActorMailProxy.Gateway.Tls;

/// <summary>perdition's --ssl_*_min/max_proto_version values as .NET's SslProtocols.</summary>
public static class TlsVersions
{
    // In order: a range from min to max takes every version between.
    private static readonly (string Name, SslProtocols Protocol)[] Known =
    [
#pragma warning disable SYSLIB0039 // old versions are the operator's explicit choice; OpenSSL may still refuse them
        ("sslv3", SslProtocols.None),
        ("tlsv1", SslProtocols.Tls),
        ("tlsv1.1", SslProtocols.Tls11),
#pragma warning restore SYSLIB0039
        ("tlsv1.2", SslProtocols.Tls12),
        ("tlsv1.3", SslProtocols.Tls13),
    ];

    public static bool IsKnown(string name) => name.Length == 0 || Known.Any(k => k.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The versions from <paramref name="min"/> to <paramref name="max"/> ("" for either end: no bound); None: the system's choice.</summary>
    public static SslProtocols Range(string min, string max)
    {
        if (min.Length == 0 && max.Length == 0)
        {
            return SslProtocols.None;
        }
        var from = min.Length == 0 ? 0 : Array.FindIndex(Known, k => k.Name.Equals(min, StringComparison.OrdinalIgnoreCase));
        var to = max.Length == 0 ? Known.Length - 1 : Array.FindIndex(Known, k => k.Name.Equals(max, StringComparison.OrdinalIgnoreCase));
        var range = SslProtocols.None;
        for (var i = Math.Max(from, 0); i <= to; i++)
        {
            range |= Known[i].Protocol;
        }
        return range;
    }
}
