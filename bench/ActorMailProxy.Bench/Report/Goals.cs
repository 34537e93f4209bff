using System.Text;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Measurements;
using ActorMailProxy.Bench.Targets;
using static ActorMailProxy.Bench.Report.ResultTables;

namespace ActorMailProxy.Bench.Report;

/// <summary>ActorMailProxy's targets, checked against this run: each met, missed, or not measurable here.</summary>
public sealed class Goals(IReadOnlyList<SuiteResults> suites, BenchSettings settings)
{
    private const double ThroughputRatio = 0.90;
    private const double AddedLatencyUs = 20;
    private const double IdleKiB = 8;
    private const double IdleTlsKiB = 64;

    private TargetResults? Of(string name) => suites.SelectMany(s => s.Targets).FirstOrDefault(t => t.Name == name && t.Unavailable is null);

    public string Render()
    {
        var text = new StringBuilder("## Goals of ActorMailProxy\n\n");
        foreach (var line in Check())
        {
            text.Append("- ").AppendLine(line);
        }
        return text.ToString();
    }

    private IEnumerable<string> Check()
    {
        var proxy = Of(ActorMailProxyTarget.Label);
        var direct = Of(DirectTarget.Label);
        var perdition = Of(PerditionTarget.Label);
        var nginx = Of(NginxTarget.Label);
        var tlsProxy = Of(ActorMailProxyTarget.SslAllLabel);
        var tlsDirect = Of(DirectTarget.TlsLabel);
        foreach (var (service, name) in new[] { (MailService.Pop3, "RETR"), (MailService.Imap, "FETCH") })
        {
            double? Speed(TargetResults? t) => t?.Transfers.GetValueOrDefault(service)?.Value?.MedianMBps;
            yield return Line($"{name} MB/s ≥ {ThroughputRatio:0.00} × direct", Speed(proxy) / Speed(direct), r => r >= ThroughputRatio, r => $"{Number(r, 2)} ×");
            yield return Line($"TLS {name} MB/s (ssl_all) ≥ {ThroughputRatio:0.00} × direct TLS", Speed(tlsProxy) / Speed(tlsDirect), r => r >= ThroughputRatio, r => $"{Number(r, 2)} ×");
        }
        foreach (var service in new[] { MailService.Pop3, MailService.Imap })
        {
            foreach (var clients in settings.LoginClients)
            {
                double? Rate(TargetResults? t) => t?.Logins.GetValueOrDefault((service, clients))?.Value?.PerSecond;
                var label = $"{service.ToString().ToUpperInvariant()} logins/s with {clients} clients";
                yield return Line($"{label} ≥ nginx's", Rate(proxy) / Rate(nginx), r => r >= 1, r => $"{Number(r, 2)} × nginx");
                yield return Line($"{label} > perdition's", Rate(proxy) / Rate(perdition), r => r > 1, r => $"{Number(r, 2)} × perdition");
            }
        }
        var proxies = new[] { proxy, tlsProxy, Of(ActorMailProxyTarget.SslListenLabel) }.OfType<TargetResults>().ToList();
        double? errors = proxies.Count == 0 || !settings.Measures(Measurement.Logins) ? null : proxies.Sum(p => p.Logins.Values.Sum(o => o.Value?.Errors ?? 0));
        yield return Line("no errors in ActorMailProxy's login runs, plaintext and TLS", errors, e => e == 0, e => $"{e:0} errors");
        var added = proxy?.Noop?.Value?.P50Us - direct?.Noop?.Value?.P50Us;
        yield return Line($"added NOOP latency < {AddedLatencyUs} µs", added, a => a < AddedLatencyUs, a => $"{Number(a, 1)} µs");
        var memory = proxy?.Memory?.Value;
        yield return Line($"< {IdleKiB} KiB per idle plaintext connection (round 2 RSS)", memory?.WarmRssKiB, k => k < IdleKiB, k => $"{Number(k, 1)} KiB (round 1: {Number(memory!.ColdRssKiB, 1)} KiB)");
        var tlsMemory = tlsProxy?.Memory?.Value;
        yield return Line($"< {IdleTlsKiB} KiB per idle TLS connection (ssl_all, round 2 RSS)", tlsMemory?.WarmRssKiB, k => k < IdleTlsKiB, k => $"{Number(k, 1)} KiB (round 1: {Number(tlsMemory!.ColdRssKiB, 1)} KiB)");
    }

    private static string Line(string goal, double? value, Func<double, bool> met, Func<double, string> show) => value switch
    {
        null => $"– {goal}: not measured",
        { } v when met(v) => $"✔ {goal}: {show(v)}",
        { } v => $"✘ {goal}: {show(v)}",
    };
}
