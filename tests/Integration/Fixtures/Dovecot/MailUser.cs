namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>A mailbox account on a test Dovecot; the name is also the login.</summary>
public sealed record MailUser(string Name, string Password)
{
    // Theory display names and assertion messages show who, not the password.
    public override string ToString() => Name;
}
