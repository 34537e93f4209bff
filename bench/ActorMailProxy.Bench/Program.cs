using System.Diagnostics;
using ActorMailProxy.Bench;
using ActorMailProxy.Bench.Report;
using ActorMailProxy.Bench.Targets;

// Usage: ActorMailProxy.Bench [--quick] [--targets "direct,ActorMailProxy,perdition,nginx,direct TLS,ActorMailProxy ssl_all,ActorMailProxy ssl_listen,nginx TLS"] [--proxy-assembly DLL]
//                             [--out REPORT.md] [--readme README.md] [--command TEXT]
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: ActorMailProxy.Bench [--quick] [--targets a,b] [--proxy-assembly DLL] [--out FILE] [--readme FILE] [--command TEXT]");
    return 2;
}
var started = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var suites = await new BenchRun(options.Settings, options.ProxyAssembly ?? ActorMailProxyTarget.DefaultAssembly, options.Targets).RunAsync();
var report = MarkdownReport.Render(suites, options.Settings, await MachineInfo.ReadAsync(), started, clock.Elapsed, options.Command);
Console.WriteLine();
Console.WriteLine(report);
if (options.Out is { } path)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    await File.WriteAllTextAsync(path, report);
}
if (options.Readme is { } readme)
{
    await ReadmeResults.ReplaceAsync(readme, report);
}
return 0;
