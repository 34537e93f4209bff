using System.Diagnostics;

namespace ActorMailProxy.Bench.Report;

/// <summary>The machine and software a run's numbers belong to: they mean little without it.</summary>
public sealed record MachineInfo(int Cores, string Cpu, string Memory, string Kernel, IReadOnlyList<(string Name, string Version)> Versions)
{
    public static async Task<MachineInfo> ReadAsync() => new(
        Environment.ProcessorCount,
        ProcField("/proc/cpuinfo", "model name") ?? "unknown",
        ProcField("/proc/meminfo", "MemTotal") is { } kb ? $"{long.Parse(kb.Split(' ')[0]) / 1024.0 / 1024.0:0.0} GiB" : "unknown",
        (await File.ReadAllTextAsync("/proc/sys/kernel/osrelease")).Trim(),
        [
            (".NET", Environment.Version.ToString()),
            ("Dovecot", await OutputOfAsync("/usr/sbin/dovecot", "--version")),
            ("perdition", await PackageVersionAsync("perdition")),
            ("nginx", (await OutputOfAsync("/usr/sbin/nginx", "-v")).Replace("nginx version: nginx/", "", StringComparison.Ordinal)),
            // Every TLS party here (Dovecot, nginx, .NET's SslStream) runs on the system's libssl.
            ("OpenSSL", (await OutputOfAsync("openssl", "version")).Split(" (", 2)[0].Replace("OpenSSL ", "", StringComparison.Ordinal)),
        ]);

    private static string? ProcField(string file, string key) =>
        File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim();

    // perdition has no option that prints its version; its Debian package has one.
    private static Task<string> PackageVersionAsync(string package) => OutputOfAsync("dpkg-query", "-W", "-f=${Version}", package);

    private static async Task<string> OutputOfAsync(string file, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(info)!;
            // nginx -v answers on stderr.
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 && output.Trim().Length > 0 ? output.Trim() : "not installed";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
