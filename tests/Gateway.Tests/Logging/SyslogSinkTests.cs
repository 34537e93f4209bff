using System.Net.Sockets;
using System.Text;
using ActorMailProxy.Gateway.Logging;
using Serilog;

namespace ActorMailProxy.Gateway.Tests.Logging;

public sealed class SyslogSinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-syslog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Lines_reach_the_syslog_socket_with_perditions_facility_and_tag()
    {
        var path = Path.Combine(_dir, "log");
        using var syslog = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        syslog.Bind(new UnixDomainSocketEndPoint(path));
        using (var sink = SyslogSink.TryOpen("mail", "actormailproxy", path)!)
        using (var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            logger.Information("Connect: {FromTo:l}", "127.0.0.2:1->127.0.0.1:110");
        }
        var buffer = new byte[1024];
        var n = syslog.Receive(buffer);
        var line = Encoding.UTF8.GetString(buffer, 0, n);
        Assert.StartsWith("<22>", line);
        Assert.EndsWith($"actormailproxy[{Environment.ProcessId}]: Connect: 127.0.0.2:1->127.0.0.1:110", line);
    }

    [Fact]
    public void No_socket_or_unknown_facility_opens_nothing()
    {
        Assert.Null(SyslogSink.TryOpen("mail", "x", Path.Combine(_dir, "absent")));
        Assert.Null(SyslogSink.TryOpen("nosuchfacility", "x", Path.Combine(_dir, "absent")));
    }
}
