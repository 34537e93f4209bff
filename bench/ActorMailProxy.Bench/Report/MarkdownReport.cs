using System.Text;
using ActorMailProxy.Bench.Measurements;

namespace ActorMailProxy.Bench.Report;

/// <summary>The whole report of one run: when, where, with what, how it was started, then a table per measurement and transport, and the goals.</summary>
public static class MarkdownReport
{
    public static string Render(IReadOnlyList<SuiteResults> suites, BenchSettings settings, MachineInfo machine, DateTimeOffset started, TimeSpan took, string command)
    {
        var text = new StringBuilder();
        text.AppendLine($"# ActorMailProxy benchmark, {started:yyyy-MM-dd HH:mm} UTC").AppendLine();
        text.AppendLine($"- Machine: {machine.Cores} cores ({machine.Cpu}), {machine.Memory} RAM, Linux {machine.Kernel}; client, targets and Dovecot share it, over 127.0.0.1");
        text.AppendLine($"- Versions: {string.Join(", ", machine.Versions.Select(v => $"{v.Name} {v.Version}"))}");
        text.AppendLine($"- Command: `{command}` (took {took.TotalMinutes:0.0} min)");
        text.AppendLine("- Targets: direct = client → Dovecot; ActorMailProxy = its Release build as a separate process (`-M \"\"`, all logins to Dovecot); " +
            "perdition = `/usr/sbin/perdition`, one process per protocol, forking per connection; nginx = its mail proxy with an HTTP auth service in the bench process");
        text.AppendLine("- TLS targets, measured after the plaintext ones were stopped: direct TLS = client → Dovecot's pop3s/imaps ports; " +
            "ActorMailProxy ssl_all = POP3S/IMAP4S listeners, TLS again to Dovecot's pop3s/imaps, whose certificate it verifies (`--ssl_mode ssl_all`); " +
            "ActorMailProxy ssl_listen = the same listeners, plaintext to Dovecot's POP3/IMAP ports; nginx TLS = `listen … ssl` (TLS 1.2–1.3), plaintext to Dovecot. " +
            "Every certificate is ECDSA P-256 from one test CA made for the run, and the client checks chain and name (127.0.0.1) on every handshake");
        var negotiated = suites.SelectMany(s => s.Targets).Where(t => t.Negotiated is not null).Select(t => $"{t.Name} {t.Negotiated}").ToList();
        if (negotiated.Count > 0)
        {
            text.AppendLine($"- TLS as the client negotiated it: {string.Join("; ", negotiated)}");
        }
        foreach (var skipped in suites.SelectMany(s => s.Targets).Where(t => t.Unavailable is not null))
        {
            text.AppendLine($"- **{skipped.Name} skipped**: {skipped.Unavailable!.ReplaceLineEndings(" ")}");
        }
        if (settings.Partial || !settings.WarmUp)
        {
            text.AppendLine($"- A partial run: {(settings.Partial ? $"only {string.Join(", ", settings.Measurements.Order().Select(m => m.ToString().ToLowerInvariant()))} measured" : "every measurement")}, " +
                (settings.WarmUp ? "after the usual warm-up logins" : "with no warm-up logins before (`--no-warm-up`)"));
        }
        text.AppendLine();
        foreach (var suite in suites.Where(s => s.Targets.Count > 0))
        {
            foreach (var table in new ResultTables(suite, settings).Render())
            {
                text.AppendLine(table);
            }
        }
        text.Append(new Goals(suites, settings).Render());
        return text.ToString();
    }
}
