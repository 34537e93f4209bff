using System.Runtime.Versioning;

// The gateway is a Linux server (splice, syslog, OpenSSL cipher suites); so are its tests.
[assembly: SupportedOSPlatform("linux")]
