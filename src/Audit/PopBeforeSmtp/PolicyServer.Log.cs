using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace ActorMailProxy.Audit.PopBeforeSmtp;

public sealed partial class PolicyServer
{
    internal static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "POP-before-SMTP policy service listening on {Endpoint}")]
        public static partial void Listening(ILogger logger, IPEndPoint endpoint);

        [LoggerMessage(2, LogLevel.Debug, "Policy request for client {ClientAddress}: {Action}")]
        public static partial void Decided(ILogger logger, string? clientAddress, PolicyAction action);

        [LoggerMessage(3, LogLevel.Error, "POP-before-SMTP table lookup for client {ClientAddress} failed; answered DUNNO")]
        public static partial void LookupFailed(ILogger logger, string? clientAddress, Exception exception);

        [LoggerMessage(4, LogLevel.Warning, "Malformed policy request from {Peer} ({Reason}); connection closed without a reply")]
        public static partial void MalformedRequest(ILogger logger, EndPoint? peer, PolicyMalformation reason);

        [LoggerMessage(5, LogLevel.Warning, "Policy connection from {Peer} refused: {Open} connections are open, the most allowed")]
        public static partial void ConnectionRefused(ILogger logger, EndPoint? peer, int open);

        [LoggerMessage(6, LogLevel.Debug, "Policy connection from {Peer} closed after {IdleTimeout} without a request")]
        public static partial void IdleClosed(ILogger logger, EndPoint? peer, TimeSpan idleTimeout);

        [LoggerMessage(7, LogLevel.Debug, "Policy connection from {Peer} failed: {Error}")]
        public static partial void ConnectionFailed(ILogger logger, EndPoint? peer, SocketError error);

        [LoggerMessage(8, LogLevel.Error, "Accepting a policy connection failed: {Error}; retrying")]
        public static partial void AcceptFailed(ILogger logger, SocketError error);

        [LoggerMessage(9, LogLevel.Error, "Policy connection from {Peer} ended by an unexpected error")]
        public static partial void ConnectionCrashed(ILogger logger, EndPoint? peer, Exception exception);
    }
}
