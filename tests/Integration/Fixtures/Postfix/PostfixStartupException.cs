namespace ActorMailProxy.Integration.Fixtures.Postfix;

/// <summary>A test Postfix did not come up; the message ends with the tail of its log, which says why.</summary>
public sealed class PostfixStartupException(string message, Exception? inner = null) : Exception(message, inner);
