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
        // Sinks write on a background thread: a log line must not cost a login a write syscall. Nothing is dropped:
        // when the queue is full, writers wait, as a perdition log line may feed POP-before-SMTP.
        return config.WriteTo.Async(sink => _ = facility switch
        {
            "-" => sink.Console(outputTemplate: Template),
            "+" => sink.Console(outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Verbose),
            _ when facility.StartsWith('/') => sink.File(facility, outputTemplate: Template),
            _ when SyslogSink.TryOpen(facility, "actormailproxy") is { } syslog => sink.Sink(syslog),
            // No syslog daemon here (a container): stderr rather than nowhere.
            _ => sink.Console(outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Verbose),
        }, blockWhenFull: true).CreateLogger();
    }
}
