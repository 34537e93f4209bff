namespace ActorMailProxy.Bench.Clients;

/// <summary>The two protocols every target proxies; ManageSieve is left out, as perdition and nginx do not speak it.</summary>
public enum MailService
{
    Pop3,
    Imap,
}
