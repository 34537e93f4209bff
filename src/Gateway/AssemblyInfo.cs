using System.Runtime.Versioning;

// A Linux mail server: splice(2), syslog's /dev/log, OpenSSL cipher suite selection.
[assembly: SupportedOSPlatform("linux")]
