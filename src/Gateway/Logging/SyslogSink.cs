using System.Net.Sockets;
using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace ActorMailProxy.Gateway.Logging;

/// <summary>Writes to the local syslog socket (/dev/log) with perdition's facility, so <c>-F mail</c> lands where perdition's lines did.</summary>
public sealed class SyslogSink : ILogEventSink, IDisposable
{
    private static readonly Dictionary<string, int> Facilities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["kern"] = 0, ["user"] = 1, ["mail"] = 2, ["daemon"] = 3, ["auth"] = 4, ["syslog"] = 5, ["lpr"] = 6, ["news"] = 7,
        ["uucp"] = 8, ["cron"] = 9, ["authpriv"] = 10, ["ftp"] = 11, ["local0"] = 16, ["local1"] = 17, ["local2"] = 18,
        ["local3"] = 19, ["local4"] = 20, ["local5"] = 21, ["local6"] = 22, ["local7"] = 23,
    };

    private readonly Socket _socket;
    private readonly int _facility;
    private readonly string _tag;
    private readonly Lock _lock = new();

    private SyslogSink(Socket socket, int facility, string tag)
    {
        _socket = socket;
        _facility = facility;
        _tag = tag;
    }

    public static bool IsFacility(string name) => Facilities.ContainsKey(name);

    /// <summary>Null when there is no syslog socket to write to.</summary>
    public static SyslogSink? TryOpen(string facility, string tag, string path = "/dev/log")
    {
        if (!Facilities.TryGetValue(facility, out var code) || !File.Exists(path))
        {
            return null;
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return new SyslogSink(socket, code, tag);
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    public void Emit(LogEvent logEvent)
    {
        var severity = logEvent.Level switch
        {
            LogEventLevel.Fatal => 2,
            LogEventLevel.Error => 3,
            LogEventLevel.Warning => 4,
            LogEventLevel.Information => 6,
            _ => 7,
        };
        var text = logEvent.RenderMessage().Replace('\n', ' ');
        var line = $"<{(_facility * 8) + severity}>{logEvent.Timestamp:MMM dd HH:mm:ss} {_tag}[{Environment.ProcessId}]: {text}";
        lock (_lock)
        {
            try
            {
                _socket.Send(Encoding.UTF8.GetBytes(line));
            }
            catch (SocketException)
            {
                // syslog went away: logging must never take the proxy down.
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
