namespace ActorMailProxy.Integration.Fixtures.Postfix;

/// <summary>
/// Makes sure Postfix and swaks are on the machine, installing Debian's packages once per test run when they are not.
/// The install is preseeded to "No configuration", so it neither writes /etc/postfix/main.cf nor starts a mail server
/// on port 25.
/// </summary>
internal static class PostfixInstallation
{
    public const string PostfixCommand = "/usr/sbin/postfix";
    public const string Master = "/usr/lib/postfix/sbin/master";
    public const string Swaks = "/usr/bin/swaks";

    // util-linux, essential on Debian: puts master in a process group of its own (see PostfixInstance.StartMaster).
    public const string Setsid = "/usr/bin/setsid";

    private static readonly DebianPackages Packages = new("Postfix", ["postfix", "swaks"], [PostfixCommand, Master, Swaks, Setsid], "postfix",
        Preseed: "postfix postfix/main_mailer_type select No configuration\n");

    private static readonly Lazy<Task> Once = new(Packages.EnsureAsync);

    /// <summary>Completes when Postfix and swaks are installed; every caller of one test run shares the first attempt.</summary>
    public static Task EnsureAsync() => Once.Value;
}
