namespace ActorMailProxy.Audit.Retention;

/// <summary>A sweep that could not finish; its message is for the operator, with no password in it. What it deleted before stays deleted.</summary>
public sealed class RetentionSweepException(string message, Exception cause) : Exception(message, cause);
