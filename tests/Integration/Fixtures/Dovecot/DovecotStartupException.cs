namespace ActorMailProxy.Integration.Fixtures.Dovecot;

/// <summary>A test Dovecot did not come up; the message ends with the tail of its log, which says why.</summary>
public sealed class DovecotStartupException(string message, Exception? inner = null) : Exception(message, inner);
