using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using System.Runtime.Versioning;
using Npgsql;

namespace ActorMailProxy.Routing.Tests.Maps.Sql;

/// <summary>
/// A private PostgreSQL server for the tests: its own data directory in a temp folder, 127.0.0.1 on a free port,
/// scram-sha-256 for everyone, and perdition's database and table as perditiondb_postgresql_makedb creates them.
/// As root the server runs as the <c>postgres</c> OS user, since PostgreSQL refuses to run as root.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string Host = "127.0.0.1";
    public const string Database = "dbPerdition";
    public const string User = "perdition";

    private const string Prefix = "actormailproxy-pg-";
    private const string SystemUser = "postgres";
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(60);

    private readonly string _superPassword = $"Pw-Super-{Guid.NewGuid():N}";
    private string _bin = "";
    private string _root = "";

    /// <summary>The perdition role's password; distinctive, so a test can look for it in any text.</summary>
    public string Password { get; } = $"Pw-Perdition-{Guid.NewGuid():N}";

    public int Port { get; private set; }

    public TimeSpan StartedIn { get; private set; }

    private string DataDirectory => Path.Combine(_root, "data");

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>perdition's -m for this server: host, port, database, then <paramref name="table"/> and the rest.</summary>
    public string Option(string table = "tblPerdition", string columns = "") =>
        $"{Host}:{Port}:{Database}:{table}:{User}:{Password}" + (columns.Length > 0 ? $":{columns}" : "");

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        _bin = await PostgresInstallation.BinDirectoryAsync();
        await SweepAbandonedAsync();
        _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}")).FullName;
        var passwordFile = Path.Combine(_root, "superuser-password");
        await File.WriteAllTextAsync(passwordFile, _superPassword + "\n");
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", $"{SystemUser}:{SystemUser}", _root], asSystemUser: false);
        }

        await RunAsync(Path.Combine(_bin, "initdb"), [
            "-D", DataDirectory, "-U", SystemUser, "-A", "scram-sha-256", $"--pwfile={passwordFile}",
            "-E", "UTF8", "--locale=C", "--no-sync"]);
        File.Delete(passwordFile);
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), $"""

            listen_addresses = '{Host}'
            unix_socket_directories = '{_root}'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            """);
        await StartAsync();

        await using (var super = await OpenAsync(SystemUser, _superPassword, "postgres"))
        {
            await ExecuteAsync(super, $"CREATE ROLE {User} LOGIN PASSWORD '{Password}'");
            await ExecuteAsync(super, $"CREATE DATABASE \"{Database}\" OWNER {User}");
        }

        // perditiondb_postgresql_makedb's table, unquoted name and all, so PostgreSQL folds it to tblperdition.
        await ExecuteAsync("""create table tblPerdition ("user" char(16) not null primary key, "servername" char(255) not null, "port" char(8) default null)""");
        StartedIn = clock.Elapsed;
    }

    /// <summary>
    /// Stops the server as an operator would (clients cut off, committed data kept: with synchronous_commit off an
    /// immediate stop would lose the last commits); clients see it gone until <see cref="StartAgainAsync"/>.
    /// </summary>
    public Task StopAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"]);

    /// <summary>Starts the stopped server again, on the same port and with the same data.</summary>
    public Task StartAgainAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), [
        "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-o", $"-p {Port}", "-w", "-t", "60", "start"]);

    /// <summary>Runs SQL in the perdition database as the perdition role, which owns it.</summary>
    public async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(User, Password, Database);
        await ExecuteAsync(connection, sql, parameters);
    }

    /// <summary>Server processes serving map lookups (the map's application name) right now.</summary>
    public async Task<long> MapConnectionsAsync()
    {
        await using var super = await OpenAsync(SystemUser, _superPassword, "postgres");
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'actormailproxy' AND usename = @user", super);
        command.Parameters.AddWithValue("user", User);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        if (_root.Length == 0)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A port on 127.0.0.1 that nothing listened on a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server on a free port, trying another when a parallel test took the first in the meantime.</summary>
    private async Task StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), [
                    "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-o", $"-p {Port}", "-w", "-t", "60", "start"]);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(string user, string password, string database)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = Host, Port = Port, Username = user, Password = password, Database = database, Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task RunAsync(string program, string[] arguments, bool asSystemUser = true)
    {
        var runAs = asSystemUser && IsRoot;
        var start = new ProcessStartInfo(runAs ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user may not be able to enter the directory the tests run from.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in (runAs ? ["-u", SystemUser, "--", program] : Array.Empty<string>()).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(CommandLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} did not end within {CommandLimit}");
        }

        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_root, "server.log");
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} failed (exit {process.ExitCode}):\n{await stdout}{await stderr}" +
                (_root.Length > 0 && File.Exists(log) ? $"\nserver.log:\n{await File.ReadAllTextAsync(log)}" : ""));
        }
    }

    /// <summary>Stops and deletes servers left by test processes that died without disposing their fixture.</summary>
    private async Task SweepAbandonedAsync()
    {
        foreach (var root in Directory.EnumerateDirectories(Path.GetTempPath(), $"{Prefix}*"))
        {
            var owner = Path.GetFileName(root)[Prefix.Length..].Split('-')[0];
            if (!int.TryParse(owner, out var pid) || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            try
            {
                var data = Path.Combine(root, "data");
                if (File.Exists(Path.Combine(data, "postmaster.pid")))
                {
                    await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
                }
            }
            catch (InvalidOperationException)
            {
                // Its server is gone already (a stale pid file) or cannot be stopped; the folder goes either way.
            }

            Directory.Delete(root, recursive: true);
        }
    }
}
