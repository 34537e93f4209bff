using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static ActorMailProxy.Gateway.Pump.LinuxSyscalls;

namespace ActorMailProxy.Gateway.Pump;

/// <summary>
/// Moves the bytes of every plaintext session with splice(2) on one epoll thread: no copy through user space,
/// no buffer held while idle, no thread-pool hop per chunk (notes/akka-feasibility.md §6: 0.3 CPU-s/GiB).
/// Requests come in through a queue and an eventfd; all pair state is touched by the engine thread only.
/// </summary>
public sealed class SpliceEngine : IDisposable
{
    private const ulong WakeKey = ulong.MaxValue;
    private const int MinimumPipeSize = 65536;

    private static readonly Lazy<SpliceEngine?> SharedEngine = new(TryCreate);

    private readonly int _epoll;
    private readonly int _wake;
    private readonly ConcurrentQueue<Action> _requests = new();
    private readonly Dictionary<int, SplicePair> _byFd = [];
    private readonly Dictionary<int, uint> _registered = [];
    private readonly Thread _thread;
    private volatile bool _stopping;

    private SpliceEngine(int epoll, int wake)
    {
        _epoll = epoll;
        _wake = wake;
        if (!Watch(_wake, EpollIn, WakeKey, EpollCtlAdd))
        {
            throw new InvalidOperationException($"epoll_ctl for the wake-up eventfd failed: errno {Marshal.GetLastPInvokeError()}");
        }
        _thread = new Thread(Loop) { IsBackground = true, Name = "splice-pump" };
        _thread.Start();
    }

    /// <summary>The process's engine, or null where splice cannot be used (then the copying pump runs).</summary>
    public static SpliceEngine? Shared => SharedEngine.Value;

    /// <summary>
    /// Splices between the two sockets until the session ends; pending bytes must have been written before.
    /// Null when no full-size pipes can be had (a non-root user over fs.pipe-user-pages-soft gets one-page pipes,
    /// which would splice 4 KiB at a time): then the caller copies instead.
    /// </summary>
    public Task<PumpResult>? TryRun(Socket client, Socket backend, ActivityClock activity, CancellationToken cancellationToken)
    {
        if (CreatePipe() is not { } up)
        {
            return null;
        }
        if (CreatePipe() is not { } down)
        {
            Close(up[0]);
            Close(up[1]);
            return null;
        }
        // splice only honours O_NONBLOCK on the socket itself: without it one quiet peer would block every session.
        SetNonBlocking(client.SafeHandle);
        SetNonBlocking(backend.SafeHandle);
        var pair = new SplicePair(client, backend, [up[0], up[1], down[0], down[1]], activity);
        Post(() => Start(pair));
        var registration = cancellationToken.Register(() => Post(() => End(pair, PumpEnd.Cancelled)));
        pair.Completion.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        return pair.Completion.Task;
    }

    private static int[]? CreatePipe()
    {
        var fds = new int[2];
        if (LinuxSyscalls.Pipe(fds, ONonblock | OCloexec) != 0)
        {
            return null;
        }
        if (Fcntl(fds[0], FGetPipeSz, 0) < MinimumPipeSize)
        {
            Close(fds[0]);
            Close(fds[1]);
            return null;
        }
        return fds;
    }

    private static void SetNonBlocking(SafeHandle handle)
    {
        var fd = (int)handle.DangerousGetHandle();
        var flags = Fcntl(fd, FGetFl, 0);
        if (flags >= 0 && (flags & ONonblock) == 0)
        {
            Fcntl(fd, FSetFl, flags | ONonblock);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        Post(() => { });
        _thread.Join();
        Close(_wake);
        Close(_epoll);
    }

    private static SpliceEngine? TryCreate()
    {
        if (!Supported)
        {
            return null;
        }
        var epoll = EpollCreate(EpollCloexec);
        var wake = epoll < 0 ? -1 : EventFd(0, ONonblock | OCloexec);
        if (epoll < 0 || wake < 0)
        {
            return null;
        }
        try
        {
            return new SpliceEngine(epoll, wake);
        }
        catch (InvalidOperationException)
        {
            Close(wake);
            Close(epoll);
            return null;
        }
    }

    private void Post(Action request)
    {
        _requests.Enqueue(request);
        Write(_wake, BitConverter.GetBytes(1UL), 8);
    }

    private void Loop()
    {
        var events = new EpollEvent[256];
        var drain = new byte[8];
        while (!_stopping)
        {
            var n = EpollWait(_epoll, events, events.Length, -1);
            for (var i = 0; i < n; i++)
            {
                if (events[i].Data == WakeKey)
                {
                    Read(_wake, drain, 8);
                    while (_requests.TryDequeue(out var request))
                    {
                        request();
                    }
                }
                else if (_byFd.TryGetValue((int)events[i].Data, out var pair))
                {
                    OnReady(pair, (int)events[i].Data, events[i].Events);
                }
            }
        }
    }

    private void Start(SplicePair pair)
    {
        _byFd[pair.ClientFd] = pair;
        _byFd[pair.BackendFd] = pair;
        Advance(pair, pair.Down);
        Advance(pair, pair.Up);
        UpdateInterest(pair);
    }

    private void OnReady(SplicePair pair, int fd, uint events)
    {
        var trouble = (events & (EpollErr | EpollHup)) != 0;
        var outgoing = fd == pair.ClientFd ? pair.Up : pair.Down;
        var incoming = fd == pair.ClientFd ? pair.Down : pair.Up;
        if (outgoing.WantIn && ((events & EpollIn) != 0 || trouble))
        {
            Advance(pair, outgoing);
        }
        if (!pair.Finished && incoming.WantOut && ((events & EpollOut) != 0 || trouble))
        {
            Advance(pair, incoming);
        }
        UpdateInterest(pair);
    }

    /// <summary>Same rules as the copying pump: the backend's end of stream ends the session; the client's only half-closes toward the backend.</summary>
    private void Advance(SplicePair pair, SpliceDirection direction)
    {
        if (pair.Finished || direction.Done)
        {
            return;
        }
        var fromClient = direction == pair.Up;
        switch (direction.Pump(pair.Activity))
        {
            case SpliceDirection.Outcome.Eof when !fromClient:
                End(pair, PumpEnd.Closed);
                break;
            case SpliceDirection.Outcome.ReadFailed:
                End(pair, fromClient ? PumpEnd.ClientError : PumpEnd.BackendError);
                break;
            case SpliceDirection.Outcome.WriteFailed:
                End(pair, fromClient ? PumpEnd.BackendError : PumpEnd.ClientError);
                break;
        }
    }

    private void UpdateInterest(SplicePair pair)
    {
        if (pair.Finished)
        {
            return;
        }
        foreach (var fd in new[] { pair.ClientFd, pair.BackendFd })
        {
            var wanted = pair.InterestOf(fd);
            var known = _registered.TryGetValue(fd, out var current);
            if (known && current == wanted)
            {
                continue;
            }
            if (!Watch(fd, wanted, (ulong)fd, known ? EpollCtlMod : EpollCtlAdd))
            {
                // A descriptor epoll refuses is one we cannot serve: end the session rather than stall it.
                End(pair, fd == pair.ClientFd ? PumpEnd.ClientError : PumpEnd.BackendError);
                return;
            }
            _registered[fd] = wanted;
        }
    }

    private void End(SplicePair pair, PumpEnd end)
    {
        if (pair.Finished)
        {
            return;
        }
        foreach (var fd in new[] { pair.ClientFd, pair.BackendFd })
        {
            if (_registered.Remove(fd))
            {
                var none = new EpollEvent();
                EpollCtl(_epoll, EpollCtlDel, fd, ref none);
            }
            _byFd.Remove(fd);
        }
        pair.Finish(end);
    }

    private bool Watch(int fd, uint events, ulong key, int op)
    {
        var ev = new EpollEvent { Events = events, Data = key };
        return EpollCtl(_epoll, op, fd, ref ev) == 0;
    }
}
