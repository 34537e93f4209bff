using ActorMailProxy.Gateway.Options;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace ActorMailProxy.Gateway.Logging;

/// <summary>Builds the Serilog logger perdition's -F, -q and -d describe.</summary>
public static class LoggingSetup
{
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} actormailproxy[{ProcessId}]: {Level:u3} {Message:l}{NewLine}{Exception}";

    public static Logger Create(ProxyOptions options)
    {
        var level = options.Debug ? LogEventLevel.Debug : options.Quiet ? LogEventLevel.Error : LogEventLevel.Information;
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.WithProperty("ProcessId", Environment.ProcessId);
        var facility = options.LogFacility;
        return facility switch
        {
            "-" => config.WriteTo.Console(outputTemplate: Template).CreateLogger(),
            "+" => config.WriteTo.Console(outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Verbose).CreateLogger(),
            _ when facility.StartsWith('/') => config.WriteTo.File(facility, outputTemplate: Template, buffered: false).CreateLogger(),
            _ when SyslogSink.TryOpen(facility, "actormailproxy") is { } syslog => config.WriteTo.Sink(syslog).CreateLogger(),
            // No syslog daemon here (a container): stderr rather than nowhere.
            _ => config.WriteTo.Console(outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Verbose).CreateLogger(),
        };
    }
}
