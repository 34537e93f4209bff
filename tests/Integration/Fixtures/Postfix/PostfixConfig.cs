using System.Net;

namespace ActorMailProxy.Integration.Fixtures.Postfix;

/// <summary>
/// main.cf and master.cf of a test Postfix that only receives SMTP on 127.0.0.1 and asks a policy service whether a
/// client may relay. Nothing is delivered: no qmgr, no pickup, no local or smtp transport.
/// </summary>
internal static class PostfixConfig
{
    /// <summary>Postfix's wait for one policy answer; short, so a test against a dead policy server fails fast.</summary>
    public static readonly TimeSpan PolicyTimeout = TimeSpan.FromSeconds(5);

    public static string MainCf(PostfixLayout layout, string hostname, IPEndPoint policy) => $"""
        compatibility_level = 3.6
        queue_directory = {layout.QueueDirectory}
        data_directory = {layout.DataDirectory}

        # Our own name, so readiness can tell this instance's banner from another server's on the port.
        myhostname = {hostname}
        mydomain = amp.test
        myorigin = $myhostname
        mydestination = $myhostname
        inet_interfaces = 127.0.0.1
        inet_protocols = ipv4
        # Defined but deliberately named in no restriction: 127.0.0.1 must not relay by address alone.
        mynetworks = 127.0.0.1/32

        # POP-before-SMTP: relaying only for clients the policy service answers OK.
        smtpd_relay_restrictions = check_policy_service inet:{policy.Address}:{policy.Port}, reject_unauth_destination
        smtpd_recipient_restrictions =
        smtpd_policy_service_timeout = {(int)PolicyTimeout.TotalSeconds}s

        # No DNS for the client's name on a machine without a network, and no map needing the proxymap service.
        smtpd_peername_lookup = no
        alias_maps =
        alias_database =
        local_recipient_maps =
        biff = no

        syslog_name = postfix-{layout.InstanceName}
        maillog_file = {layout.LogPath}
        maillog_file_prefixes = {layout.Root}
        """;

    // maxproc 1 for smtpd: one process takes every session in turn, so its policy connection is reused across them.
    public static string MasterCf(int smtpPort) => $"""
        # service          type       private unpriv chroot wakeup maxproc command
        127.0.0.1:{smtpPort}  inet       n       -      n      -      1       smtpd
        rewrite            unix       -       -      n      -      -       trivial-rewrite
        cleanup            unix       n       -      n      -      0       cleanup
        anvil              unix       -       -      n      -      1       anvil
        proxymap           unix       -       -      n      -      -       proxymap
        postlog            unix-dgram n       -      n      -      1       postlogd
        """;
}
