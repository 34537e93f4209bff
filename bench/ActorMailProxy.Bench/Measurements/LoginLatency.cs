using System.Diagnostics;
using ActorMailProxy.Bench.Clients;
using ActorMailProxy.Bench.Processes;
using ActorMailProxy.Integration.Fixtures.Dovecot;

namespace ActorMailProxy.Bench.Measurements;

/// <summary>
/// How long one IMAP login takes, one client, one login at a time, so it is latency and not throughput: from connect
/// through the greeting and <c>a LOGIN</c> to its tagged OK. The <c>LOGOUT</c> that follows, until the server has
/// closed, is timed apart and not in the login's time. Also the target's CPU per whole visit.
/// </summary>
public sealed record LoginLatency(double P50Us, double P99Us, double LogoutP50Us, int Count, double? CpuUsPerLogin)
{
    private const int BufferSize = 4096;
    private static readonly TimeSpan LoginTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// One configuration to measure: login <c>i</c> goes to <c>Endpoints[i % Endpoints.Count]</c> (a cluster's nodes
    /// round robin) as <c>Logins[i % Logins.Count]</c>.
    /// </summary>
    public sealed record Plan(IReadOnlyList<MailEndpoint> Endpoints, IReadOnlyList<MailUser> Logins, ProcessTree? Target);

    /// <summary>
    /// <paramref name="count"/> logins per plan, <see cref="InTurns"/> of <paramref name="turn"/>: every plan's turn
    /// <c>t</c> makes its logins <c>t·turn … (t+1)·turn − 1</c>, so a plan that repeats another's logins (the same
    /// keys again, to hit the cache the other filled) follows it within one turn.
    /// </summary>
    public static Task<IReadOnlyList<Outcome<LoginLatency>>> MeasureAsync(IReadOnlyList<Plan> plans, int count, int turn) =>
        InTurns.RunAsync(
            [.. plans.Select(p => new Session(p, count))],
            _ => Task.CompletedTask,
            (count + turn - 1) / turn,
            s => s.MeasureAsync(turn),
            s => s.Result());

    private sealed class Session(Plan plan, int count) : IDisposable
    {
        // Encoded once, so the measured loop does not encode.
        private readonly ImapDialogue.Command[] _commands = [.. plan.Logins.Select(ImapDialogue.Command.LogIn)];
        private readonly long[] _login = new long[count];
        private readonly long[] _logout = new long[count];
        private int _measured;
        private double _cpuSeconds;

        public async Task MeasureAsync(int logins)
        {
            var cpuBefore = plan.Target?.CpuSeconds() ?? 0;
            for (var i = 0; i < logins && _measured < count; i++, _measured++)
            {
                using var timeout = new CancellationTokenSource(LoginTimeout);
                var ct = timeout.Token;
                var started = Stopwatch.GetTimestamp();
                using var socket = await LineSocket.ConnectAsync(plan.Endpoints[_measured % plan.Endpoints.Count], BufferSize, ct);
                await ImapDialogue.LogInAsync(socket, _commands[_measured % _commands.Length], ct);
                var loggedIn = Stopwatch.GetTimestamp();
                await ImapDialogue.LogOutAsync(socket, ct);
                _login[_measured] = loggedIn - started;
                _logout[_measured] = Stopwatch.GetTimestamp() - loggedIn;
            }
            _cpuSeconds += (plan.Target?.CpuSeconds() ?? 0) - cpuBefore;
        }

        public LoginLatency Result()
        {
            Array.Sort(_login);
            Array.Sort(_logout);
            var cpu = plan.Target is null ? (double?)null : _cpuSeconds * 1e6 / count;
            return new LoginLatency(Microseconds(_login[count / 2]), Microseconds(_login[count * 99 / 100]), Microseconds(_logout[count / 2]), count, cpu);
        }

        public void Dispose()
        {
        }
    }

    private static double Microseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
}
