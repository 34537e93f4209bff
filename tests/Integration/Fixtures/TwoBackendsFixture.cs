using ActorMailProxy.Integration.Fixtures.Dovecot;
namespace ActorMailProxy.Integration.Fixtures;

/// <summary>
/// Two real Dovecot backends with disjoint users: <c>alpha</c> holds the logins that start with a–m, <c>beta</c> those
/// with n–z, so both a regex map and a text map can route every user. Alice (alpha) and Nina (beta) have a seeded INBOX;
/// treat it as read-only, and use another user for tests that delete or move mail.
/// </summary>
public sealed class TwoBackendsFixture : IAsyncLifetime
{
    public const int LargeMessageSize = 10 * 1024 * 1024;

    public static readonly MailUser Alice = new("alice", "alice-secret-1");
    public static readonly MailUser Bob = new("bob", "bob-secret-2");
    public static readonly MailUser AliceAtExampleOrg = new("alice@example.org", "org-alice-3");

    /// <summary>Her password needs IMAP quoting: it holds spaces, double quotes and a backslash.</summary>
    public static readonly MailUser Grace = new("grace", "g r \"quoted\" back\\slash");

    public static readonly MailUser Nina = new("nina", "nina-secret-4");
    public static readonly MailUser Oscar = new("oscar", "oscar-secret-5");
    public static readonly MailUser ZoeAtExampleOrg = new("zoe@example.org", "org-zoe-6");

    /// <summary>Her password is non-ASCII UTF-8.</summary>
    public static readonly MailUser Ursula = new("ursula", "Grüße-密码-ñ");

    private DovecotInstance? _alpha;
    private DovecotInstance? _beta;
    private readonly Dictionary<string, IReadOnlyList<SeededMessage>> _inboxes = [];

    public static IReadOnlyList<MailUser> AlphaUsers { get; } = [Alice, Bob, AliceAtExampleOrg, Grace];
    public static IReadOnlyList<MailUser> BetaUsers { get; } = [Nina, Oscar, ZoeAtExampleOrg, Ursula];
    public static IReadOnlyList<MailUser> AllUsers { get; } = [.. AlphaUsers, .. BetaUsers];

    /// <summary>The one user per backend whose INBOX holds <see cref="LargeMessage"/> between two small messages.</summary>
    public static IReadOnlyList<MailUser> MailboxOwners { get; } = [Alice, Nina];

    /// <summary>10 MiB from a fixed seed, with dot-led lines that POP3 must stuff.</summary>
    public SeededMessage LargeMessage { get; } =
        SeededMessage.Create("fixture-large@example.net", "large seeded message", seed: 10, LargeMessageSize);

    public DovecotInstance Alpha => _alpha ?? throw NotStarted();
    public DovecotInstance Beta => _beta ?? throw NotStarted();

    /// <summary>For theories, whose data must be serialisable names rather than users.</summary>
    public static MailUser User(string name) =>
        AllUsers.SingleOrDefault(u => u.Name == name) ?? throw new ArgumentException($"No fixture user '{name}'.", nameof(name));

    public static string BackendNameOf(MailUser user) => AlphaUsers.Contains(user) ? "alpha" : "beta";

    public DovecotInstance BackendOf(MailUser user) => AlphaUsers.Contains(user) ? Alpha : Beta;

    public DovecotInstance OtherBackendOf(MailUser user) => AlphaUsers.Contains(user) ? Beta : Alpha;

    /// <summary>The seeded messages of <paramref name="user"/>'s INBOX in delivery (and so UID) order; empty for all but <see cref="MailboxOwners"/>.</summary>
    public IReadOnlyList<SeededMessage> InboxOf(MailUser user) => _inboxes.GetValueOrDefault(user.Name, []);

    public async Task InitializeAsync()
    {
        var alpha = DovecotInstance.StartAsync("alpha", AlphaUsers);
        var beta = DovecotInstance.StartAsync("beta", BetaUsers);
        try
        {
            await Task.WhenAll(alpha, beta);
        }
        catch
        {
            // The one that did start must not outlive the failed fixture.
            foreach (var started in new[] { alpha, beta }.Where(t => t.IsCompletedSuccessfully))
                await started.Result.DisposeAsync();
            throw;
        }
        (_alpha, _beta) = (alpha.Result, beta.Result);

        for (var i = 0; i < MailboxOwners.Count; i++)
        {
            var owner = MailboxOwners[i];
            IReadOnlyList<SeededMessage> inbox =
            [
                SeededMessage.Create(owner.Name, $"first message for {owner.Name}", seed: 100 + i, size: 2_000),
                LargeMessage,
                SeededMessage.Create(owner.Name, $"last message for {owner.Name}", seed: 200 + i, size: 3_000),
            ];
            foreach (var message in inbox)
                await BackendOf(owner).DeliverAsync(owner.Name, message.Bytes);
            _inboxes[owner.Name] = inbox;
        }
    }

    // In parallel: each Dovecot takes about a second to stop.
    public Task DisposeAsync() =>
        Task.WhenAll(new[] { _alpha, _beta }.OfType<DovecotInstance>().Select(instance => instance.DisposeAsync().AsTask()));

    private static InvalidOperationException NotStarted() => new("TwoBackendsFixture has not been initialised.");
}
