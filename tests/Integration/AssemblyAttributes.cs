using System.Runtime.Versioning;

// The suite runs real Dovecot daemons, which exist only on Linux (Debian in CI).
[assembly: SupportedOSPlatform("linux")]
