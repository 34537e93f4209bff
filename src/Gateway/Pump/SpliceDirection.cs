using System.Runtime.InteropServices;
using static ActorMailProxy.Gateway.Pump.LinuxSyscalls;

namespace ActorMailProxy.Gateway.Pump;

/// <summary>One direction of a spliced session: source socket → pipe → destination socket, all in the kernel.</summary>
internal sealed class SpliceDirection(int source, int destination, int pipeRead, int pipeWrite)
{
    private const int ChunkSize = 1 << 20;

    private int _inPipe;

    public int Source { get; } = source;

    public int Destination { get; } = destination;

    public long Bytes { get; private set; }

    public bool WantIn { get; private set; }

    public bool WantOut { get; private set; }

    public bool Done { get; private set; }

    public enum Outcome { Waiting, Eof, ReadFailed, WriteFailed }

    /// <summary>Moves what it can without blocking; says whether it now waits, reached end of stream, or failed.</summary>
    public Outcome Pump(ActivityClock activity)
    {
        WantIn = WantOut = false;
        while (true)
        {
            if (_inPipe > 0)
            {
                var written = LinuxSyscalls.Splice(pipeRead, 0, Destination, 0, (nuint)_inPipe, SpliceMove | SpliceNonblock);
                if (written > 0)
                {
                    _inPipe -= (int)written;
                    Bytes += written;
                    activity.Touch();
                    continue;
                }
                var error = Marshal.GetLastPInvokeError();
                if (written < 0 && error == EIntr)
                {
                    continue;
                }
                if (written < 0 && error == EAgain)
                {
                    WantOut = true;
                    return Outcome.Waiting;
                }
                return Outcome.WriteFailed;
            }
            // No SPLICE_F_MORE anywhere: it corks small replies and stalls interactive traffic (notes §6).
            var read = LinuxSyscalls.Splice(Source, 0, pipeWrite, 0, ChunkSize, SpliceMove | SpliceNonblock);
            if (read > 0)
            {
                _inPipe += (int)read;
                continue;
            }
            if (read == 0)
            {
                LinuxSyscalls.Shutdown(Destination, ShutWr);
                Done = true;
                return Outcome.Eof;
            }
            var readError = Marshal.GetLastPInvokeError();
            if (readError == EIntr)
            {
                continue;
            }
            if (readError == EAgain)
            {
                WantIn = true;
                return Outcome.Waiting;
            }
            return Outcome.ReadFailed;
        }
    }
}
