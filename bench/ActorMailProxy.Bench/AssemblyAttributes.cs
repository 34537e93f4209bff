using System.Runtime.Versioning;

// It drives real Dovecot, perdition and nginx processes and reads /proc: Linux only, like tests/Integration.
[assembly: SupportedOSPlatform("linux")]
