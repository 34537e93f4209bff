namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>
/// The system account that owns every test mailbox. Dovecot refuses uid 0 for mail, and <c>nobody</c>/<c>nogroup</c>
/// exist on every Debian install without adding accounts to the machine.
/// </summary>
internal sealed record MailOwner(string UserName, string GroupName, uint Uid, uint Gid)
{
    public static readonly MailOwner Nobody = Resolve("nobody", "nogroup");

    private static MailOwner Resolve(string user, string group) =>
        new(user, group, IdOf("/etc/passwd", user), IdOf("/etc/group", group));

    // Field 3 of both files is the numeric id; Debian keeps these accounts in the files, not in a directory service.
    private static uint IdOf(string file, string name) =>
        File.ReadLines(file)
            .Select(line => line.Split(':'))
            .Where(fields => fields.Length > 2 && fields[0] == name)
            .Select(fields => uint.Parse(fields[2]))
            .Cast<uint?>()
            .FirstOrDefault()
        ?? throw new InvalidOperationException($"'{name}' is missing from {file}; the Dovecot fixture needs it to own test mail.");
}
