namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>An instance's listening ports; the implicit-TLS ones are 0 (switched off) unless the instance has a certificate.</summary>
internal sealed record DovecotPorts(int Imap, int Pop3, int Sieve, int Imaps = 0, int Pop3s = 0)
{
    public static DovecotPorts Allocate(bool tls) => (tls, LoopbackPorts.Take(tls ? 5 : 3)) switch
    {
        (false, [var imap, var pop3, var sieve]) => new DovecotPorts(imap, pop3, sieve),
        (true, [var imap, var pop3, var sieve, var imaps, var pop3s]) => new DovecotPorts(imap, pop3, sieve, imaps, pop3s),
        _ => throw new InvalidOperationException("LoopbackPorts.Take returned the wrong number of ports."),
    };
}
