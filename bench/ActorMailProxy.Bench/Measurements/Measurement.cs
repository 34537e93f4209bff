namespace ActorMailProxy.Bench.Measurements;

/// <summary>The main run's measurements, as <c>--only</c> names them; a run without it makes them all, in this order.</summary>
public enum Measurement
{
    /// <summary>POP3 and IMAP logins/s (and POP3S/IMAPS over TLS).</summary>
    Logins,

    /// <summary>The 10 MiB message's download, RETR and FETCH.</summary>
    Download,

    /// <summary>The IMAP NOOP round trip.</summary>
    Noop,

    /// <summary>Memory per idle IMAP connection.</summary>
    Memory,
}
