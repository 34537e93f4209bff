using System.Globalization;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Measurements;

namespace ActorMailProxy.Bench.Report;

/// <summary>The report's tables for one transport, one per measurement, each with its ratios to that transport's baseline.</summary>
public sealed class ResultTables(SuiteResults suite, BenchSettings settings)
{
    private bool Tls => suite.Transport == Transport.Tls;

    private IReadOnlyList<TargetResults> Targets => suite.Targets;

    private TargetResults? Baseline => Targets.FirstOrDefault(t => t.Name == suite.Baseline);

    /// <summary>The tables of what this run measured (all of them unless <c>--only</c> left some out).</summary>
    public IEnumerable<string> Render()
    {
        if (settings.Measures(Measurement.Logins))
        {
            yield return Logins(MailService.Pop3, "USER/PASS, QUIT");
            yield return Logins(MailService.Imap, "LOGIN, LOGOUT");
        }
        if (settings.Measures(Measurement.Download))
        {
            yield return Transfers();
        }
        if (settings.Measures(Measurement.Noop))
        {
            yield return Noop();
        }
        if (settings.Measures(Measurement.Memory))
        {
            yield return Memory();
        }
    }

    /// <summary>The protocol's name as a mail client's settings show it: POP3 or POP3S, IMAP or IMAPS.</summary>
    private static string ProtocolName(MailService service, Transport transport) =>
        (service == MailService.Pop3 ? "POP3" : "IMAP") + (transport == Transport.Tls ? "S" : "");

    private string Logins(MailService service, string dialogue)
    {
        var turns = settings.LoginTurnsOf(suite.Transport);
        var table = new MarkdownTable($"{ProtocolName(service, suite.Transport)} logins/s",
            (Tls
                ? $"Each client loops connect → TLS handshake (a full one, the client checking the certificate's chain and name) → greeting → {dialogue} → close: every login pays its handshake. "
                : $"Each client loops connect → greeting → {dialogue} → close. ") +
            $"Logins are counted over {turns} × {Seconds(settings.LoginMeasured)}, " +
            $"each after a {Seconds(settings.LoginWarmUp)} warm-up, the targets taking turns. " +
            "Errors count the warm-up too and must be 0. " +
            (settings.WarmUp
                ? $"Each ActorMailProxy target first served {Seconds(settings.TargetWarmUp)} of logins per protocol, unmeasured, so that .NET's JIT is done; the others {Seconds(settings.NativeTargetWarmUp)}. "
                : "No target served logins before (`--no-warm-up`): .NET's JIT was still compiling ActorMailProxy's hot paths. ") +
            "Target CPU is the target's own (utime+stime, reaped children included) per login; nginx's auth_http service runs in the bench process and is not in it.",
            Targets);
        foreach (var clients in settings.LoginClients)
        {
            Func<TargetResults, Outcome<LoginRate>?> pick = t => t.Logins.GetValueOrDefault((service, clients));
            table.Row($"{clients} clients: logins/s", pick, (r, _) => Number(r.PerSecond, 0))
                .Row($"{clients} clients: ÷ {suite.Baseline}", pick, (r, _) => Ratio(r.PerSecond, Baseline?.Logins.GetValueOrDefault((service, clients))?.Value?.PerSecond))
                .Row($"{clients} clients: errors", pick, (r, _) => r.Errors == 0 ? "0" : $"**{r.Errors}** ({r.FirstError})")
                .Row($"{clients} clients: target CPU ms/login", pick, (r, _) => r.CpuMsPerLogin is { } ms ? Number(ms, 3) : "—");
        }
        return table.Render();
    }

    private string Transfers()
    {
        var table = new MarkdownTable(Tls ? "Download of the 10 MiB message over TLS" : "Download of the 10 MiB message",
            $"One logged-in connection per target: {ProtocolName(MailService.Pop3, suite.Transport)} `RETR 1`, {ProtocolName(MailService.Imap, suite.Transport)} `FETCH 1 BODY.PEEK[]`; " +
            $"median (min–max) of {settings.TransferRuns} downloads after {settings.TransferWarmUps} warm-up ones, the targets taking turns download by download; " +
            (Tls ? "MB = 10^6 bytes as the client decrypted them. " : "MB = 10^6 bytes on the wire. ") +
            "CPU is the target's own (utime+stime) per GiB moved during the measured runs.",
            Targets);
        foreach (var (service, name) in new[] { (MailService.Pop3, "RETR"), (MailService.Imap, "FETCH") })
        {
            Func<TargetResults, Outcome<Transfer>?> pick = t => t.Transfers.GetValueOrDefault(service);
            table.Row($"{name} MB/s", pick, (r, _) => $"{Number(r.MedianMBps, 0)} ({Number(r.MinMBps, 0)}–{Number(r.MaxMBps, 0)})")
                .Row($"{name} ÷ {suite.Baseline}", pick, (r, _) => Ratio(r.MedianMBps, Baseline?.Transfers.GetValueOrDefault(service)?.Value?.MedianMBps))
                .Row($"{name} target CPU s/GiB", pick, (r, _) => r.CpuSecondsPerGiB is { } s ? Number(s, 2) : "—");
        }
        return table.Render();
    }

    private string Noop()
    {
        var baselineP50 = Baseline?.Noop?.Value?.P50Us;
        return new MarkdownTable($"{ProtocolName(MailService.Imap, suite.Transport)} NOOP round trip",
            $"One logged-in connection per target, {settings.Noops:N0} sequential `NOOP`s each after {settings.NoopWarmUps:N0} warm-up ones, the targets taking turns in blocks of 500; µs. " +
            $"Added latency is the target's p50 minus {suite.Baseline}'s; target CPU is its utime+stime over its NOOPs (a busy-waiting thread pool counts too).",
            Targets)
            .Row("p50 µs", t => t.Noop, (r, _) => Number(r.P50Us, 1))
            .Row("p99 µs", t => t.Noop, (r, _) => Number(r.P99Us, 1))
            .Row($"added latency (p50 − {suite.Baseline} p50) µs", t => t.Noop, (r, _) => baselineP50 is { } d ? Number(r.P50Us - d, 1) : "—")
            .Row("target CPU µs per NOOP", t => t.Noop, (r, _) => r.CpuUsPerNoop is { } us ? Number(us, 1) : "—")
            .Render();
    }

    private string Memory() =>
        new MarkdownTable($"Memory per idle proxied {ProtocolName(MailService.Imap, suite.Transport)} connection",
            $"{settings.IdleConnections:N0} connections logged in through the target, each after `SELECT INBOX` and one small `FETCH`, then idle; " +
            "the target's memory after minus before, per connection, in KiB, summed over all its processes (forked children and workers included). " +
            (Tls ? "A connection holds the client's TLS session and, under ssl_all, the backend's too. " : "") +
            "Round 1 is the first such batch (it also pays one-off growth); round 2 repeats it after round 1's connections closed. " +
            "RSS counts a page shared by forked children once per child; PSS splits it among them. " +
            "Before each reading ActorMailProxy is left to store its audit backlog (none waiting in `cluster status`), then made to run full GCs " +
            "(through its diagnostics port, as dotnet-gcdump does) until its RSS holds still; otherwise up to a gen0 budget of garbage (tens of MB here), " +
            "and a backlog being stored meanwhile, would swing the figure by ±30 KiB per connection. " +
            "The C heap is glibc malloc's arenas as /proc/PID/smaps shows them (OpenSSL's sessions live there); " +
            "in ActorMailProxy the rest is mostly its GC heap, in the C servers their own mappings and pools. " +
            "Live .NET objects is what the objects its GC found alive grew by (its own count, from the GC's events): RSS also moves with how much " +
            "freed memory the GC keeps committed, by several KiB per connection either way from one run to the next, this does not.",
            Targets)
            .Row("round 1 RSS KiB/conn", t => t.Memory, (r, _) => Number(r.ColdRssKiB, 1))
            .Row("round 2 RSS KiB/conn", t => t.Memory, (r, _) => Number(r.WarmRssKiB, 1))
            .Row("round 2 PSS KiB/conn", t => t.Memory, (r, _) => Number(r.WarmPssKiB, 1))
            .Row("round 2 of RSS: C heap (malloc) KiB/conn", t => t.Memory, (r, _) => Number(r.WarmMallocKiB, 1))
            .Row("round 2 of RSS: the rest KiB/conn", t => t.Memory, (r, _) => Number(r.WarmRssKiB - r.WarmMallocKiB, 1))
            .Row("round 2: live .NET objects KiB/conn", t => t.Memory, (r, _) => r.WarmLiveKiB is { } live ? Number(live, 1) : "—")
            .Render();

    internal static string Number(double value, int decimals) => value.ToString($"N{decimals}", CultureInfo.InvariantCulture);

    private static string Ratio(double value, double? baseline) => baseline is > 0 ? Number(value / baseline.Value, 2) : "—";

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.#} s";
}
