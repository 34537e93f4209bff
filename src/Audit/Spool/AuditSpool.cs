using System.Globalization;
using System.Text;
using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Audit.Spool;

/// <summary>
/// A node's audit events on its own disk from the moment they are recorded until the log confirmed them stored (or the
/// bounded buffer dropped them), so that a node process that dies, kill -9 included, loses none: its next run finds
/// them here and records them again. Each event is one line handed to the OS with a single write(2) and no fsync: it
/// survives the process, not the machine (a kernel crash or power cut loses what the page cache had not written).
/// In <see cref="Directory"/> (created 0700, its files 0600: <see cref="OwnerOnly"/>): <c>lock</c>, held with FileShare.None for the process's life (one writer per directory);
/// <c>confirmed</c>, the <see cref="SpoolLedger.Watermark"/>, rewritten in place when it moves; and the segment files
/// (<see cref="SpoolSegment"/>), each deleted once every event in it is resolved. Safe to call from any thread.
/// </summary>
public sealed class AuditSpool : IDisposable
{
    public const int DefaultSegmentEvents = 1_000;

    private const string LockFile = "lock";
    private const string WatermarkFile = "confirmed";

    // What .NET reports on Linux when FileShare.None's flock is held elsewhere (EWOULDBLOCK), and on Windows.
    private const int WouldBlock = 11;
    private const int SharingViolation = unchecked((int)0x80070020);

    private readonly Lock _gate = new();
    private readonly FileStream _lock;
    private readonly FileStream _watermark;
    private readonly Action<string> _failed;
    private IReadOnlyList<string> _leftoverFiles;
    private readonly SpoolLedger _ledger;
    private long _savedWatermark;
    private FileStream? _segment;
    private bool _broken;
    private bool _disposed;

    private AuditSpool(string directory, FileStream held, FileStream watermark, long savedWatermark, SpoolLeftovers leftovers,
        IReadOnlyList<string> leftoverFiles, int segmentEvents, Action<string> failed)
    {
        Directory = directory;
        _lock = held;
        _watermark = watermark;
        _savedWatermark = savedWatermark;
        Leftovers = leftovers;
        _leftoverFiles = leftoverFiles;
        _ledger = SpoolLedger.Starting(leftovers.Continue, segmentEvents);
        _failed = failed;
    }

    public string Directory { get; }

    /// <summary>What an earlier run left to record again; its events are released once <see cref="LeftoversRecorded"/>.</summary>
    public SpoolLeftovers Leftovers { get; private set; }

    /// <summary>
    /// Creates <paramref name="directory"/> if need be, takes its lock and reads what an earlier run left.
    /// <paramref name="failed"/> hears of a write or delete that fails later (the spool then stops taking events).
    /// </summary>
    public static SpoolOpening Open(string directory, Action<string> failed, int segmentEvents = DefaultSegmentEvents)
    {
        FileStream held;
        try
        {
            OwnerOnly.CreateDirectory(directory);
            held = OwnerOnly.Open(Path.Combine(directory, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e.HResult is WouldBlock or SharingViolation)
        {
            return new SpoolOpening.Held(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SpoolOpening.Failed(directory, e.Message);
        }
        try
        {
            var (saved, leftovers, files) = Read(directory);
            var watermark = OwnerOnly.Open(Path.Combine(directory, WatermarkFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
            return new SpoolOpening.Opened(new AuditSpool(directory, held, watermark, saved, leftovers, files, segmentEvents, failed));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            held.Dispose();
            return new SpoolOpening.Failed(directory, e.Message);
        }
    }

    /// <summary>
    /// What <paramref name="directory"/> holds that the log has not confirmed, as the node's next run would find it; read
    /// without the lock, so a running node may be writing (a line half written is left out) or deleting (IOException).
    /// </summary>
    public static SpoolLeftovers Peek(string directory) => Read(directory).Leftovers;

    /// <summary>Writes <paramref name="e"/> at the next position; never throws (a failed write stops the spool and is reported).</summary>
    public void Append(AuditEvent e)
    {
        var line = SpoolSegment.Line(e);
        lock (_gate)
        {
            if (_broken || _disposed)
            {
                return;
            }
            var position = _ledger.Next;
            try
            {
                if (_segment is null || _ledger.StartsSegment(position))
                {
                    _segment?.Dispose();
                    _segment = OwnerOnly.Open(Path.Combine(Directory, SpoolSegment.FileName(position)), FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
                }
                _segment.Write(line);
                _segment.Flush();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _broken = true;
                _failed($"writing to {Directory} failed ({ex.Message}); from now on this node's events not yet stored live only in memory");
                return;
            }
            _ledger.Written(e.EventId);
        }
    }

    /// <summary>The log confirmed <paramref name="events"/> stored, or the buffer dropped them: segments they emptied go.</summary>
    public void Resolved(IReadOnlyCollection<AuditEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            var done = _ledger.Resolved(events.Select(e => e.EventId));
            // The watermark first: a process that dies between the two finds segments below it and skips them.
            SaveWatermark();
            foreach (var segment in done)
            {
                Delete(Path.Combine(Directory, SpoolSegment.FileName(segment)));
            }
        }
    }

    /// <summary>The leftovers were appended in this run: the earlier run's files go, unless the spool broke before they were all written again.</summary>
    public void LeftoversRecorded()
    {
        lock (_gate)
        {
            if (_broken || _disposed)
            {
                return;
            }
            foreach (var file in _leftoverFiles)
            {
                Delete(file);
            }
            _leftoverFiles = [];
            Leftovers = Leftovers with { Events = [] };
        }
    }

    /// <summary>Releases the lock; segments with nothing unresolved go, the one being filled included.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _segment?.Dispose();
            foreach (var segment in _ledger.Idle())
            {
                Delete(Path.Combine(Directory, SpoolSegment.FileName(segment)));
            }
            _watermark.Dispose();
            _lock.Dispose();
        }
    }

    /// <summary>One write of a fixed-width line at the start of the file: a process that dies cannot leave half of it.</summary>
    private void SaveWatermark()
    {
        var watermark = _ledger.Watermark;
        if (watermark == _savedWatermark)
        {
            return;
        }
        try
        {
            _watermark.Position = 0;
            _watermark.Write(Encoding.ASCII.GetBytes(watermark.ToString("D19", CultureInfo.InvariantCulture) + "\n"));
            _savedWatermark = watermark;
        }
        catch (IOException e)
        {
            _failed($"saving the confirmed position in {Directory} failed ({e.Message}); a restart may send some stored events again");
        }
    }

    private void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failed($"deleting {path} failed ({e.Message}); the next run deletes it");
        }
    }

    private static (long Watermark, SpoolLeftovers Leftovers, IReadOnlyList<string> Files) Read(string directory)
    {
        var watermark = ReadWatermark(Path.Combine(directory, WatermarkFile));
        var files = System.IO.Directory.EnumerateFiles(directory)
            .Select(path => (Path: path, First: SpoolSegment.FirstOf(Path.GetFileName(path))))
            .Where(f => f.First is not null)
            .ToList();
        var segments = files.Select(f => SpoolSegment.Parse(f.First!.Value, File.ReadAllBytes(f.Path)));
        return (watermark, SpoolLeftovers.Of(watermark, segments), [.. files.Select(f => f.Path)]);
    }

    /// <summary>A missing or unreadable watermark is 0: everything left is recorded again, which the log's dedup makes safe.</summary>
    private static long ReadWatermark(string path) =>
        File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var watermark) ? watermark : 0;
}
