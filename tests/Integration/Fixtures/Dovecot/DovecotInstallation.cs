namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>Makes sure the Dovecot binaries are on the machine, installing Debian's packages once per test run when they are not (a fresh CI machine has none).</summary>
internal static class DovecotInstallation
{
    public const string Binary = "/usr/sbin/dovecot";

    private const string LibExec = "/usr/lib/dovecot";

    // Debian's paths: the packages install the daemons the fixture's dovecot.conf enables.
    private static readonly DebianPackages Packages = new("Dovecot", ["dovecot-imapd", "dovecot-pop3d", "dovecot-managesieved"],
    [
        Binary,
        $"{LibExec}/imap", $"{LibExec}/imap-login",
        $"{LibExec}/pop3", $"{LibExec}/pop3-login",
        $"{LibExec}/managesieve", $"{LibExec}/managesieve-login",
    ], "dovecot");

    private static readonly Lazy<Task> Once = new(Packages.EnsureAsync);

    /// <summary>Completes when Dovecot is installed; every caller of one test run shares the first attempt and its failure.</summary>
    public static Task EnsureAsync() => Once.Value;
}
