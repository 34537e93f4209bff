namespace ActorMailProxy.Integration;

internal sealed record DovecotPorts(int Imap, int Pop3, int Sieve)
{
    public static DovecotPorts Allocate() => LoopbackPorts.Take(3) is [var imap, var pop3, var sieve]
        ? new DovecotPorts(imap, pop3, sieve)
        : throw new InvalidOperationException("LoopbackPorts.Take(3) must return three ports.");
}
