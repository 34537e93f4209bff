namespace ActorMailProxy.Gateway.Options;

/// <summary>One option as given, with where it was given (for error messages).</summary>
public sealed record OptionUse(OptionSpec Spec, string Value, string Where);
