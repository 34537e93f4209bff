using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Akka.Actor;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>
/// Why a seed did not answer a command run without the cluster certificate: a node whose cluster port takes only
/// TLS shows a certificate to a TLS hello, where a plain one shows none. Nothing is sent once the certificate is seen.
/// </summary>
internal static class SeedTlsProbe
{
    /// <summary>The first of <paramref name="seeds"/> that answered with a certificate within <paramref name="timeout"/>, or null.</summary>
    public static async Task<Address?> FirstWithTlsAsync(IReadOnlyList<Address> seeds, TimeSpan timeout)
    {
        var answers = await Task.WhenAll(seeds.Select(async s => (Seed: s, Tls: await ShowsCertificateAsync(s, timeout))));
        return answers.FirstOrDefault(a => a.Tls).Seed;
    }

    private static async Task<bool> ShowsCertificateAsync(Address seed, TimeSpan timeout)
    {
        if (seed.Host is not { } host || seed.Port is not { } port)
        {
            return false;
        }
        var shown = false;
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(host, port, deadline.Token);
            await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            {
                shown = certificate is not null;
                return false;
            });
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, deadline.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException or OperationCanceledException)
        {
            // Refusing the certificate ends the handshake; a plain port ends it by closing or by saying nothing.
        }
        return shown;
    }
}
