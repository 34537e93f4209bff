using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>
/// One real Dovecot (IMAP, POP3, ManageSieve) on 127.0.0.1 with its own config, ports, users and temp directory,
/// run in the foreground by this test process. Disposing stops it and deletes the directory.
/// </summary>
public sealed partial class DovecotInstance : IAsyncDisposable
{
    public const string LoopbackHost = "127.0.0.1";

    /// <summary>Set to 1 to keep the directory (config, log, mail) after the tests, for debugging.</summary>
    public const string KeepDirectoryVariable = "ACTORMAILPROXY_KEEP_DOVECOT";

    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly Lazy<Task> Prepared = new(() => Task.WhenAll(DovecotInstallation.EnsureAsync(), Task.Run(AbandonedInstances.Sweep)));

    private readonly Process _master;
    private readonly DovecotLayout _layout;
    private readonly DovecotPorts _ports;
    private readonly StringBuilder _consoleOutput;
    private int _disposed;

    private DovecotInstance(string name, IReadOnlyList<MailUser> users, string greeting, DovecotLayout layout, DovecotPorts ports, Process master, StringBuilder consoleOutput)
    {
        Name = name;
        Users = users;
        Greeting = greeting;
        _layout = layout;
        _ports = ports;
        _master = master;
        _consoleOutput = consoleOutput;
    }

    public string Name { get; }
    public IReadOnlyList<MailUser> Users { get; }
    public string Host => LoopbackHost;
    public int ImapPort => _ports.Imap;
    public int Pop3Port => _ports.Pop3;
    public int SievePort => _ports.Sieve;

    /// <summary>IMAP over implicit TLS; 0 unless <see cref="DovecotOptions.Tls"/> was set.</summary>
    public int ImapsPort => _ports.Imaps;

    /// <summary>POP3 over implicit TLS; 0 unless <see cref="DovecotOptions.Tls"/> was set.</summary>
    public int Pop3sPort => _ports.Pop3s;

    /// <summary>The text every login greeting of this instance carries (IMAP <c>* OK</c>, POP3 <c>+OK</c>, ManageSieve <c>OK</c>).</summary>
    public string Greeting { get; }

    /// <summary>Dovecot's log: logins, failures with reasons (auth_verbose), and startup errors.</summary>
    public string LogPath => _layout.LogPath;

    /// <summary>Starts an instance named <paramref name="name"/> (lowercase letters and digits) serving <paramref name="users"/>.</summary>
    public static async Task<DovecotInstance> StartAsync(string name, IReadOnlyList<MailUser> users, DovecotOptions? options = null)
    {
        Validate(name, users);
        options ??= new DovecotOptions();
        await Prepared.Value;

        for (var attempt = 1; ; attempt++)
        {
            var instance = Launch(name, users, options);
            try
            {
                await DovecotReadiness.WaitAsync(instance._master, instance._ports, instance.Greeting, options.Tls?.Certificate, StartTimeout);
                return instance;
            }
            catch (Exception e)
            {
                await instance.StopAsync();
                var log = instance.LogTail();
                await instance.DisposeAsync();
                // Another process may bind a probed port before Dovecot does; fresh ports settle it.
                if (attempt < StartAttempts && log.Contains("Address already in use", StringComparison.Ordinal))
                    continue;
                throw new DovecotStartupException($"Dovecot '{name}' did not start: {e.Message}\n--- log tail ---\n{log}", e);
            }
        }
    }

    /// <summary>Puts <paramref name="rfc822Message"/> into the INBOX of <paramref name="user"/>; CRLF line ends keep its bytes identical over IMAP and POP3.</summary>
    public Task DeliverAsync(string user, byte[] rfc822Message)
    {
        if (Users.All(u => u.Name != user))
            throw new ArgumentException($"'{user}' is not a user of Dovecot '{Name}'.", nameof(user));
        return Maildir.DeliverAsync(_layout.MaildirOf(user), rfc822Message, MailOwner.Nobody);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await StopAsync();
        _master.Dispose();
        if (Environment.GetEnvironmentVariable(KeepDirectoryVariable) != "1")
            DeleteTree(_layout.Root);
    }

    /// <summary>Deletes an instance directory; retries because exiting mail processes may still be closing index files.</summary>
    internal static void DeleteTree(string root)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(root))
                    Directory.Delete(root, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(100 * attempt);
            }
        }
    }

    private static DovecotInstance Launch(string name, IReadOnlyList<MailUser> users, DovecotOptions options)
    {
        var layout = DovecotLayout.Create(name);
        try
        {
            var ports = DovecotPorts.Allocate(tls: options.Tls is not null);
            var instanceName = $"amp-{Path.GetFileName(layout.Root)}";
            var greeting = options.Greeting ?? $"{name} ready ({instanceName})";
            File.WriteAllText(layout.ConfigPath, DovecotConfig.Render(instanceName, layout, ports, greeting, MailOwner.Nobody, options));
            // {PLAIN.b64}: plaintext passwords, encoded so that any character (':' included) survives the passwd-file format.
            File.WriteAllLines(layout.PasswdPath, users.Select(u => $"{u.Name}:{{PLAIN.b64}}{Convert.ToBase64String(Encoding.UTF8.GetBytes(u.Password))}"));
            foreach (var user in users)
                Maildir.Create(layout.HomeOf(user.Name), layout.MaildirOf(user.Name), MailOwner.Nobody);

            var consoleOutput = new StringBuilder();
            var master = StartMaster(layout, consoleOutput);
            return new DovecotInstance(name, users, greeting, layout, ports, master, consoleOutput);
        }
        catch
        {
            DeleteTree(layout.Root);
            throw;
        }
    }

    private static Process StartMaster(DovecotLayout layout, StringBuilder consoleOutput) =>
        DaemonProcess.Start(DovecotInstallation.Binary, ["-F", "-c", layout.ConfigPath], consoleOutput, m => new DovecotStartupException(m));

    // SIGTERM lets the master stop its children (clients see BYE); it then sleeps 1 s by design before it exits.
    private Task StopAsync() => DaemonProcess.StopAsync(_master, StopTimeout);

    private string LogTail()
    {
        var log = File.Exists(LogPath) ? File.ReadLines(LogPath).TakeLast(40) : ["(no log file)"];
        lock (_consoleOutput)
            return string.Join('\n', log) + (_consoleOutput.Length > 0 ? $"\n--- console ---\n{_consoleOutput}" : "");
    }


    private static void Validate(string name, IReadOnlyList<MailUser> users)
    {
        if (!InstanceName().IsMatch(name))
            throw new ArgumentException($"Instance name '{name}' must be lowercase letters and digits.", nameof(name));
        if (users.Count == 0)
            throw new ArgumentException("An instance needs at least one user.", nameof(users));
        // Dovecot lowercases logins before the lookup, and the name is also the home directory.
        if (users.FirstOrDefault(u => !UserName().IsMatch(u.Name)) is { } bad)
            throw new ArgumentException($"User name '{bad.Name}' must match {UserName()}.", nameof(users));
        if (users.GroupBy(u => u.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"User '{twice.Key}' appears twice.", nameof(users));
    }

    [GeneratedRegex("^[a-z][a-z0-9]{0,15}$")]
    private static partial Regex InstanceName();

    [GeneratedRegex("^[a-z0-9][a-z0-9._@+-]*$")]
    private static partial Regex UserName();
}
