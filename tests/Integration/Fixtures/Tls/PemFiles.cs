using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorMailProxy.Integration.Fixtures.Tls;

/// <summary>Writes certificates and keys as PEM; a key file is created 0600, never widened afterwards, so it is private from its first byte.</summary>
internal static class PemFiles
{
    private const UnixFileMode Public = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void WriteCertificates(string path, params X509Certificate2[] certificates) =>
        Write(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")), Public);

    public static void WriteKey(string path, AsymmetricAlgorithm key) => Write(path, key.ExportPkcs8PrivateKeyPem() + "\n", Private);

    // CreateNew: two certificates must never share a file name, and a stale file must not keep its old mode.
    private static void Write(string path, string pem, UnixFileMode mode)
    {
        using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode });
        using var writer = new StreamWriter(file);
        writer.Write(pem);
    }
}
