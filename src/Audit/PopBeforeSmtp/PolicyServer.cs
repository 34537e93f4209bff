using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.PopBeforeSmtp;

/// <summary>
/// The Postfix SMTPD access-policy service for POP-before-SMTP (<c>check_policy_service inet:host:port</c>): answers
/// <c>action=OK</c> for clients that <see cref="IRecentLogins"/> calls recent and <c>action=DUNNO</c> for all others.
/// Serves many connections, and several requests on each, as Postfix keeps its policy connections open.
/// </summary>
public sealed partial class PolicyServer : IAsyncDisposable
{
    /// <summary>Postfix's own <c>max_idle</c>: a policy client that sent nothing for this long has gone away.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(300);

    /// <summary>Open policy connections; one Postfix holds at most one per smtpd process.</summary>
    public const int DefaultMaxConnections = 100;

    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly IPEndPoint _endpoint;
    private readonly IRecentLogins _recentLogins;
    private readonly ILogger _logger;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _time;
    private readonly PolicyConnectionSlots _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, PolicyConnection> _open = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private long _accepted;
    private int _disposed;

    /// <param name="endpoint">Where to listen; port 0 takes a free port, see <see cref="LocalEndpoint"/>.</param>
    /// <param name="idleTimeout">How long a connection may stay silent; <see cref="DefaultIdleTimeout"/> when null.</param>
    /// <param name="maxConnections">Open connections beyond this are closed as soon as they are accepted.</param>
    /// <param name="time">The clock for the table's <c>now</c> and the idle timer; the system's when null.</param>
    public PolicyServer(
        IPEndPoint endpoint,
        IRecentLogins recentLogins,
        ILogger<PolicyServer> logger,
        TimeSpan? idleTimeout = null,
        int maxConnections = DefaultMaxConnections,
        TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        if (idleTimeout is { } given && given <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(idleTimeout), given, "The idle timeout must be positive.");
        _endpoint = endpoint;
        _recentLogins = recentLogins;
        _logger = logger;
        _idleTimeout = idleTimeout ?? DefaultIdleTimeout;
        _time = time ?? TimeProvider.System;
        _slots = new PolicyConnectionSlots(maxConnections);
    }

    /// <summary>The address and port the listener is bound to; known once <see cref="StartAsync"/> has returned.</summary>
    public IPEndPoint LocalEndpoint =>
        _listener?.LocalEndPoint as IPEndPoint ?? throw new InvalidOperationException("The policy server has not been started.");

    /// <summary>Policy connections open right now.</summary>
    public int OpenConnections => _slots.Open;

    /// <summary>Policy connections served since the start; refused ones are not counted.</summary>
    public long AcceptedConnections => Interlocked.Read(ref _accepted);

    /// <summary>Binds and starts accepting; a bind failure (address in use) is thrown here.</summary>
    public Task StartAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        if (_listener is not null)
            throw new InvalidOperationException("The policy server is already started.");

        var listener = new Socket(_endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(_endpoint);
            listener.Listen();
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        Log.Listening(_logger, LocalEndpoint);
        _acceptLoop = AcceptAsync(listener, _stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>Closes the listener and every open connection, and waits until they are closed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stopping.CancelAsync();
        _listener?.Dispose();
        await _acceptLoop;
        await Task.WhenAll(_open.Values.Select(c => c.Closed));
        _stopping.Dispose();
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stopping)
    {
        while (true)
        {
            SocketError failure;
            try
            {
                Admit(await listener.AcceptAsync(stopping), stopping);
                continue;
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                failure = e.SocketErrorCode;
            }

            // Out of file descriptors and the like: the listener is still good, so wait a little and go on.
            Log.AcceptFailed(_logger, failure);
            try
            {
                await Task.Delay(AcceptRetryDelay, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Admit(Socket socket, CancellationToken stopping)
    {
        if (_slots.TryAcquire() is not { } lease)
        {
            Log.ConnectionRefused(_logger, PolicyConnection.PeerOf(socket), _slots.Open);
            socket.Dispose();
            return;
        }

        var id = Interlocked.Increment(ref _accepted);
        var connection = new PolicyConnection(socket, lease, _recentLogins, _time, _idleTimeout, _logger);
        _open[id] = connection;
        _ = connection.Closed.ContinueWith(_ => _open.TryRemove(id, out var _), TaskScheduler.Default);
        // On the thread pool, so a client with a request already waiting does not hold up the next accept.
        _ = Task.Run(() => connection.RunAsync(stopping), CancellationToken.None);
    }
}
