using System.Diagnostics;
using ActorMailProxy.Bench;
using ActorMailProxy.Bench.Report;
using ActorMailProxy.Bench.Targets;

// Usage: ActorMailProxy.Bench [--quick] [--only logins,download,noop,memory] [--no-warm-up] [--proxy-config FILE.conf] [--gcdump DIR] [--no-backlog-wait] [--targets "direct,ActorMailProxy,perdition,nginx,direct TLS,ActorMailProxy ssl_all,ActorMailProxy ssl_listen,nginx TLS"] [--proxy-assembly DLL]
//                             [--out REPORT.md] [--readme README.md] [--command TEXT]
//        ActorMailProxy.Bench --cluster [--quick] [--proxy-assembly DLL] [--out REPORT.md] [--readme README.md] [--command TEXT]
//        ActorMailProxy.Bench --audit-storm [--storm-minutes M] [--trail-only] [--quick] [--proxy-assembly DLL] [--out REPORT.md] [--readme README.md] [--command TEXT]
//        ActorMailProxy.Bench --audit-scale [--events N] [--days D] [--journal sqlite|postgres|both] [--persistence-ids a,b] [--quick] [--proxy-assembly DLL] [...]
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: ActorMailProxy.Bench [--cluster | --audit-storm [--storm-minutes M] [--trail-only] | --audit-scale [--events N] [--days D] [--journal sqlite|postgres|both] [--persistence-ids a,b]] [--quick] [--only logins,download,noop,memory] [--no-warm-up] [--proxy-config FILE] [--gcdump DIR] [--no-backlog-wait] [--targets a,b] [--proxy-assembly DLL] [--out FILE] [--readme FILE] [--command TEXT]");
    return 2;
}
var started = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var assembly = options.ProxyAssembly ?? ActorMailProxyTarget.DefaultAssembly;
string report;
(string Start, string End) markers = (ReadmeResults.Start, ReadmeResults.End);
if (options.AuditStorm || options.AuditScale)
{
    var load = string.Join(' ', (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ').Take(3));
    if (options.AuditStorm)
    {
        var results = await new AuditStormRun(options.AuditStormSettings, assembly).RunAsync();
        report = AuditStormReport.Render(results, options.AuditStormSettings, await MachineInfo.ReadAsync(), started, clock.Elapsed, options.Command, load);
        markers = (ReadmeResults.AuditStormStart, ReadmeResults.AuditStormEnd);
    }
    else
    {
        var results = await new AuditScaleRun(options.AuditScaleSettings, assembly).RunAsync();
        report = AuditScaleReport.Render(results, options.AuditScaleSettings, await MachineInfo.ReadAsync(), started, clock.Elapsed, options.Command, load);
        markers = (ReadmeResults.AuditScaleStart, ReadmeResults.AuditScaleEnd);
    }
}
else if (options.Cluster)
{
    // Other work on the machine moves latency more than it moves throughput: the report says how busy it was.
    var load = string.Join(' ', (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ').Take(3));
    var results = await new ClusterRun(options.ClusterSettings, assembly).RunAsync();
    report = ClusterReport.Render(results, options.ClusterSettings, await MachineInfo.ReadAsync(), started, clock.Elapsed, options.Command, load);
    markers = (ReadmeResults.ClusterStart, ReadmeResults.ClusterEnd);
}
else
{
    var suites = await new BenchRun(options.Settings, assembly, options.Targets, options.Diagnostics).RunAsync();
    report = MarkdownReport.Render(suites, options.Settings, await MachineInfo.ReadAsync(), started, clock.Elapsed, options.Command);
}
Console.WriteLine();
Console.WriteLine(report);
if (options.Out is { } path)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    await File.WriteAllTextAsync(path, report);
}
if (options.Readme is { } readme)
{
    await ReadmeResults.ReplaceAsync(readme, report, markers.Start, markers.End);
}
return 0;
