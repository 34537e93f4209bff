using System.Globalization;
using ActorMailProxy.Audit.Events;

namespace ActorMailProxy.Bench.Audit;

/// <summary>The one session the scale bench asks about after the restart: its user and client address are in no other session.</summary>
public sealed record KnownLogin(string User, string Address, DateTimeOffset Time);

/// <summary>
/// A history of logins as a mid-size site's nodes record it: sessions of three events each (connected, logged in or
/// refused by the backend, closed), spread evenly over a span of days, oldest first and never overlapping, so that the
/// journal's order is also the events' time order. Users and client addresses are drawn from a few thousand each (a
/// fixed seed: every build writes the same history), three nodes, POP3 and IMAP4. A tenth of the logins fail.
/// </summary>
public sealed class SessionHistory(int users, int addresses, double failedShare, int seed = 14)
{
    private static readonly string[] Nodes = ["10.0.0.1:2551", "10.0.0.2:2551", "10.0.0.3:2551"];
    private static readonly string[] Backends = ["10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.4"];

    public const string KnownUser = "known-user";

    /// <summary>TEST-NET-1: no generated session uses it.</summary>
    public const string KnownAddress = "192.0.2.77";

    /// <summary>
    /// <paramref name="sessions"/> sessions between <paramref name="from"/> and <paramref name="to"/>, each a list of its
    /// events in order. A session lasts at most half the gap between two sessions' starts, so sessions never overlap.
    /// </summary>
    public IEnumerable<IReadOnlyList<AuditEvent>> Sessions(long sessions, DateTimeOffset from, DateTimeOffset to)
    {
        var random = new Random(seed);
        var gapTicks = sessions == 0 ? 0 : (to - from).Ticks / sessions;
        for (long i = 0; i < sessions; i++)
        {
            var start = from.AddTicks(i * gapTicks + (long)(random.NextDouble() * gapTicks / 4));
            var pop3 = random.Next(10) < 7;
            var user = $"user{random.Next(users).ToString("0000", CultureInfo.InvariantCulture)}";
            var address = AddressOf(random.Next(addresses));
            var failed = random.NextDouble() < failedShare;
            // Up to 100 ms to log in, up to 20 s to fetch and quit, both within a quarter of the gap.
            var login = TimeSpan.FromTicks(Math.Min(gapTicks / 4, TimeSpan.TicksPerMillisecond * (20 + random.Next(80))));
            var session = TimeSpan.FromTicks(Math.Min(gapTicks / 4, TimeSpan.TicksPerMillisecond * random.Next(20_000)));
            yield return Session(Nodes[i % Nodes.Length], $"{address}:{1024 + random.Next(60_000)}", pop3, user,
                Backends[random.Next(Backends.Length)], start, login, session, failed, random);
        }
    }

    /// <summary>The known user logging in from the known address at <paramref name="time"/>, by POP3, successfully.</summary>
    public static (IReadOnlyList<AuditEvent> Events, KnownLogin Login) Known(DateTimeOffset time)
    {
        var events = Session(Nodes[0], $"{KnownAddress}:40110", pop3: true, KnownUser, Backends[0], time,
            TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(300), failed: false, new Random(0));
        return (events, new KnownLogin(KnownUser, KnownAddress, events[1].Time));
    }

    /// <summary>10.20.0.1, 10.20.0.2, …: 250 addresses per /24, up to 64,000 of them.</summary>
    private static string AddressOf(int n) => $"10.20.{n / 250}.{n % 250 + 1}";

    private static IReadOnlyList<AuditEvent> Session(string node, string client, bool pop3, string user, string backendHost, DateTimeOffset start,
        TimeSpan login, TimeSpan length, bool failed, Random random)
    {
        var port = pop3 ? 110 : 143;
        var accepted = new AuditSession(client, $"{node.Split(':')[0]}:{port}", pop3 ? "POP3" : "IMAP4");
        var attempted = accepted with { User = user, MappedUser = user, Backend = $"{backendHost}:{port}" };
        var loggedIn = start + login;
        var closed = loggedIn + length;
        var opened = new ConnectionOpened(Id(start), node, start, accepted);
        if (failed)
        {
            return
            [
                opened,
                new LoginFailed(Id(loggedIn), node, loggedIn, attempted, LoginFailureClass.Rejected,
                    $"backend {attempted.Backend}: {(pop3 ? "-ERR [AUTH] Authentication failed." : "NO [AUTHENTICATIONFAILED] Authentication failed.")}"),
                // As the proxy records it: a failed login leaves the session as it was accepted.
                new ConnectionClosed(Id(closed), node, closed, accepted, 0, 0, closed - start, "client quit"),
            ];
        }
        return
        [
            opened,
            new LoginSucceeded(Id(loggedIn), node, loggedIn, attempted),
            new ConnectionClosed(Id(closed), node, closed, attempted, 20 + random.Next(2_000), 500 + random.Next(5_000_000), closed - start, "client quit"),
        ];
    }

    /// <summary>As the proxy makes them (UUIDv7), but from the event's own time, so ids sort with the history.</summary>
    private static string Id(DateTimeOffset time) => Guid.CreateVersion7(time).ToString("N");
}
