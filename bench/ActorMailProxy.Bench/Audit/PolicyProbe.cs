using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorMailProxy.Bench.Audit;

/// <summary>
/// Asks a node's POP-before-SMTP policy service about one client address, as Postfix's <c>check_policy_service</c> does
/// at RCPT TO: one request (attribute lines, an empty line), one reply (<c>action=…</c>, an empty line).
/// </summary>
public static class PolicyProbe
{
    /// <summary>The reply's action (OK, DUNNO, …); null when the service did not answer (not listening yet, closed, too slow).</summary>
    public static async Task<string?> AskAsync(IPEndPoint service, string clientAddress, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            using var socket = new Socket(service.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(service, timeout.Token);
            var request = "request=smtpd_access_policy\nprotocol_state=RCPT\nprotocol_name=ESMTP\n" +
                $"client_address={clientAddress}\nsender=someone@example.net\nrecipient=anyone@elsewhere.example\n\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, timeout.Token);
            var reply = new StringBuilder();
            var buffer = new byte[512];
            while (!reply.ToString().Contains("\n\n", StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    return null;
                }
                reply.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            var action = reply.ToString().Split('\n').FirstOrDefault(l => l.StartsWith("action=", StringComparison.Ordinal));
            return action?["action=".Length..].Trim();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            return null;
        }
    }
}
