using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ActorMailProxy.Gateway.Pump;

/// <summary>
/// A session handed to the <see cref="SpliceEngine"/>: both directions, their pipes, and the task that reports how it
/// ended. It holds a reference on both socket handles, so their descriptors cannot be closed (and reused) under it.
/// </summary>
internal sealed class SplicePair
{
    private readonly SafeHandle[] _handles;
    private readonly int[] _pipes;

    public SplicePair(Socket client, Socket backend, int[] pipes, ActivityClock activity)
    {
        _handles = [client.SafeHandle, backend.SafeHandle];
        var added = false;
        _handles[0].DangerousAddRef(ref added);
        _handles[1].DangerousAddRef(ref added);
        _pipes = pipes;
        Activity = activity;
        ClientFd = (int)_handles[0].DangerousGetHandle();
        BackendFd = (int)_handles[1].DangerousGetHandle();
        Up = new SpliceDirection(ClientFd, BackendFd, pipes[0], pipes[1]);
        Down = new SpliceDirection(BackendFd, ClientFd, pipes[2], pipes[3]);
    }

    public int ClientFd { get; }

    public int BackendFd { get; }

    public SpliceDirection Up { get; }

    public SpliceDirection Down { get; }

    public ActivityClock Activity { get; }

    public TaskCompletionSource<PumpResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Finished => Completion.Task.IsCompleted;

    /// <summary>The epoll interest of one socket: readable while its outgoing direction waits for data, writable while its incoming one waits for room.</summary>
    public uint InterestOf(int fd)
    {
        uint events = 0;
        var outgoing = fd == ClientFd ? Up : Down;
        var incoming = fd == ClientFd ? Down : Up;
        if (outgoing.WantIn)
        {
            events |= LinuxSyscalls.EpollIn;
        }
        if (incoming.WantOut)
        {
            events |= LinuxSyscalls.EpollOut;
        }
        return events;
    }

    public void Finish(PumpEnd end)
    {
        foreach (var pipe in _pipes)
        {
            LinuxSyscalls.Close(pipe);
        }
        _handles[0].DangerousRelease();
        _handles[1].DangerousRelease();
        Completion.TrySetResult(new PumpResult(Up.Bytes, Down.Bytes, end));
    }
}
