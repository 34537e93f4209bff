using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Integration.Fixtures.Postfix;

/// <summary>
/// One real Postfix smtpd on 127.0.0.1 with its own config, queue, data directory and port, asking the policy service
/// at a given endpoint before it relays. Its master runs in the foreground as a child of the test process;
/// disposing stops it and deletes the directory.
/// </summary>
public sealed partial class PostfixInstance : IAsyncDisposable
{
    public const string LoopbackHost = "127.0.0.1";

    /// <summary>Set to 1 to keep the directory (config, queue, log) after the tests, for debugging.</summary>
    public const string KeepDirectoryVariable = "ACTORMAILPROXY_KEEP_POSTFIX";

    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly Lazy<Task> Prepared = new(() => Task.WhenAll(PostfixInstallation.EnsureAsync(), Task.Run(AbandonedPostfixInstances.Sweep)));

    private readonly PostfixLayout _layout;
    private readonly Process _master;
    private readonly StringBuilder _consoleOutput;
    private int _disposed;

    private PostfixInstance(PostfixLayout layout, string hostname, int smtpPort, IPEndPoint policyEndpoint, Process master, StringBuilder consoleOutput)
    {
        _layout = layout;
        Hostname = hostname;
        SmtpPort = smtpPort;
        PolicyEndpoint = policyEndpoint;
        _master = master;
        _consoleOutput = consoleOutput;
    }

    public string Host => LoopbackHost;
    public int SmtpPort { get; }

    /// <summary>The instance's myhostname, which its SMTP banner carries.</summary>
    public string Hostname { get; }

    /// <summary>Where smtpd sends its policy requests (<c>check_policy_service inet:…</c>).</summary>
    public IPEndPoint PolicyEndpoint { get; }

    /// <summary>Postfix's log: every SMTP session, every reject with its reason, policy-service trouble, startup errors.</summary>
    public string LogPath => _layout.LogPath;

    /// <summary>
    /// Starts an instance named <paramref name="name"/> (lowercase letters and digits) whose smtpd relays only for
    /// clients the policy service at <paramref name="policyEndpoint"/> (an IPv4 loopback address) answers OK.
    /// </summary>
    public static async Task<PostfixInstance> StartAsync(IPEndPoint policyEndpoint, string name = "relay")
    {
        Validate(policyEndpoint, name);
        await Prepared.Value;

        for (var attempt = 1; ; attempt++)
        {
            var instance = await LaunchAsync(name, policyEndpoint);
            try
            {
                await PostfixReadiness.WaitAsync(instance._master, instance.SmtpPort, instance.Hostname, StartTimeout);
                return instance;
            }
            catch (Exception e)
            {
                await instance.StopAsync();
                var log = instance.LogTail();
                await instance.DisposeAsync();
                // Another process may bind a probed port before Postfix does; fresh ports settle it.
                if (attempt < StartAttempts && log.Contains("Address already in use", StringComparison.Ordinal))
                    continue;
                throw new PostfixStartupException($"Postfix '{name}' did not start: {e.Message}\n--- log tail ---\n{log}", e);
            }
        }
    }

    /// <summary>
    /// Runs swaks from <paramref name="clientAddress"/> (a 127.0.0.0/8 address) up to RCPT TO a domain that is not
    /// this instance's, so the answer is Postfix's relay decision: 250 when the policy said OK, 554 otherwise.
    /// </summary>
    public Task<RcptAttempt> TryRelayAsync(string clientAddress = "127.0.0.2", string from = "a@example.com", string to = "b@elsewhere.example") =>
        SwaksRcpt.TryAsync(Host, SmtpPort, clientAddress, from, to);

    /// <summary>The last lines of Postfix's log, for assertion messages.</summary>
    public string LogTail(int lines = 40)
    {
        var log = File.Exists(LogPath) ? File.ReadLines(LogPath).TakeLast(lines) : ["(no log file)"];
        lock (_consoleOutput)
            return string.Join('\n', log) + (_consoleOutput.Length > 0 ? $"\n--- console ---\n{_consoleOutput}" : "");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await StopAsync();
        _master.Dispose();
        if (Environment.GetEnvironmentVariable(KeepDirectoryVariable) != "1")
            _layout.Delete();
    }

    private static async Task<PostfixInstance> LaunchAsync(string name, IPEndPoint policyEndpoint)
    {
        var layout = PostfixLayout.Create(name);
        try
        {
            var smtpPort = LoopbackPorts.Take(1)[0];
            var hostname = $"{layout.InstanceName}.amp.test";
            await File.WriteAllTextAsync(layout.MainCfPath, PostfixConfig.MainCf(layout, hostname, policyEndpoint));
            await File.WriteAllTextAsync(layout.MasterCfPath, PostfixConfig.MasterCf(smtpPort));
            await CheckAsync(layout);

            var consoleOutput = new StringBuilder();
            var master = StartMaster(layout, consoleOutput);
            return new PostfixInstance(layout, hostname, smtpPort, policyEndpoint, master, consoleOutput);
        }
        catch
        {
            layout.Delete();
            throw;
        }
    }

    // `postfix check` creates the queue's subdirectories and the data directory with the owners and modes Postfix
    // wants, and says what is still wrong; anything it says is a fixture bug to fix, not noise to ignore.
    private static async Task CheckAsync(PostfixLayout layout)
    {
        var start = new ProcessStartInfo(PostfixInstallation.PostfixCommand)
        {
            ArgumentList = { "-c", layout.ConfigDirectory, "check" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var check = Process.Start(start) ?? throw new PostfixStartupException($"Could not start {PostfixInstallation.PostfixCommand}.");
        var output = check.StandardOutput.ReadToEndAsync();
        var errors = check.StandardError.ReadToEndAsync();
        await check.WaitForExitAsync();
        var console = await output + await errors;
        var complaints = File.Exists(layout.LogPath)
            ? File.ReadLines(layout.LogPath).Where(line => Complaint().IsMatch(line)).ToList()
            : [];
        if (check.ExitCode != 0 || complaints.Count > 0)
            throw new PostfixStartupException(
                $"`postfix -c {layout.ConfigDirectory} check` failed (exit {check.ExitCode}):\n{string.Join('\n', complaints)}\n{console}");
    }

    // setsid makes master the leader of a process group of its own: its SIGTERM handler signals that group to stop the
    // daemons, and fails ("kill process group: No such process") when master merely shares the test process's group.
    // Not being a group leader itself, setsid execs master in place, so the child's pid is master's.
    private static Process StartMaster(PostfixLayout layout, StringBuilder consoleOutput) =>
        DaemonProcess.Start(PostfixInstallation.Setsid, [PostfixInstallation.Master, "-c", layout.ConfigDirectory, "-d"], consoleOutput, m => new PostfixStartupException(m));

    // SIGTERM: master signals its process group (smtpd and the other daemons) and exits.
    private Task StopAsync() => DaemonProcess.StopAsync(_master, StopTimeout);

    private static void Validate(IPEndPoint policyEndpoint, string name)
    {
        if (!InstanceName().IsMatch(name))
            throw new ArgumentException($"Instance name '{name}' must be lowercase letters and digits.", nameof(name));
        // main.cf writes the endpoint as inet:host:port, which an IPv6 address would need brackets for.
        if (policyEndpoint.AddressFamily != AddressFamily.InterNetwork || !IPAddress.IsLoopback(policyEndpoint.Address) || policyEndpoint.Port == 0)
            throw new ArgumentException($"The policy service must listen on an IPv4 loopback address and a known port, not {policyEndpoint}.", nameof(policyEndpoint));
    }

    [GeneratedRegex("^[a-z][a-z0-9]{0,15}$")]
    private static partial Regex InstanceName();

    [GeneratedRegex(@"\b(warning|error|fatal|panic):")]
    private static partial Regex Complaint();
}
