using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorMailProxy.Integration.Fakes;

/// <summary>
/// A stand-in IMAP server that only records what reaches it and accepts any LOGIN: for proving what the proxy
/// sends a backend, which a real server cannot show us byte for byte.
/// </summary>
public sealed class RecordingBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly StringBuilder _received = new();
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private int _connections;

    public RecordingBackend(string greeting = "* OK [CAPABILITY IMAP4rev1] recording backend ready")
    {
        _listener.Start();
        _serving = ServeAsync(greeting);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public string Received
    {
        get
        {
            lock (_lock)
            {
                return _received.ToString();
            }
        }
    }

    private async Task ServeAsync(string greeting)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ConverseAsync(client, greeting));
        }
    }

    private async Task ConverseAsync(TcpClient client, string greeting)
    {
        using (client)
        {
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(greeting + "\r\n"));
            var reader = new StreamReader(stream, Encoding.UTF8);
            try
            {
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    lock (_lock)
                    {
                        _received.Append(line).Append("\r\n");
                    }
                    var tag = line.Split(' ')[0];
                    var reply = line.Contains(" LOGIN ", StringComparison.OrdinalIgnoreCase)
                        ? $"{tag} OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n"
                        : $"{tag} OK done\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(reply));
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _stop.Dispose();
    }
}
