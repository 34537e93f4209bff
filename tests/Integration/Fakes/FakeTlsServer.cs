using System.Net;
using System.Net.Sockets;

namespace ActorMailProxy.Integration.Fakes;

/// <summary>
/// The listener under the scripted TLS fakes: accepts on 127.0.0.1, runs one conversation per connection, and records
/// every line received, split by whether it came before or after the TLS handshake. Disposing waits for every conversation.
/// </summary>
internal sealed class FakeTlsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<string> _plaintext = [];
    private readonly List<string> _encrypted = [];
    private readonly List<Task> _conversations = [];
    private readonly Task _accepting;
    private int _connections;

    public FakeTlsServer(Func<FakeTlsConnection, Task> converse)
    {
        _listener.Start();
        _accepting = AcceptAsync(converse);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public IReadOnlyList<string> ReceivedPlaintext
    {
        get
        {
            lock (_lock)
                return [.. _plaintext];
        }
    }

    public IReadOnlyList<string> ReceivedEncrypted
    {
        get
        {
            lock (_lock)
                return [.. _encrypted];
        }
    }

    public void Record(bool encrypted, string line)
    {
        lock (_lock)
            (encrypted ? _encrypted : _plaintext).Add(line);
    }

    private async Task AcceptAsync(Func<FakeTlsConnection, Task> converse)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            // Each write then leaves at once as its own segment: the fakes' same-segment promise rests on this.
            socket.NoDelay = true;
            Interlocked.Increment(ref _connections);
            lock (_lock)
                _conversations.Add(Task.Run(() => ConverseAsync(socket, converse)));
        }
    }

    private async Task ConverseAsync(Socket socket, Func<FakeTlsConnection, Task> converse)
    {
        await using var connection = new FakeTlsConnection(socket, this, _stop.Token);
        try
        {
            await converse(connection);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or InvalidDataException)
        {
            // The client went away, or the test ended: either way this conversation is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] conversations;
        lock (_lock)
            conversations = [.. _conversations];
        await Task.WhenAll(conversations);
        _stop.Dispose();
    }
}
