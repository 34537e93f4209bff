namespace ActorMailProxy.Gateway.AuditCommands;

/// <summary>What an audit command line asked for: a command with the options that find the journal, help, or a usage error (exit 2).</summary>
public abstract record AuditParse
{
    private AuditParse() { }

    /// <param name="OptionArgs">The options that find the journal, in perdition's syntax, for <see cref="Options.OptionsLoader"/>.</param>
    public sealed record Run(AuditCommand Command, IReadOnlyList<string> OptionArgs) : AuditParse;

    public sealed record Help : AuditParse;

    public sealed record Invalid(IReadOnlyList<string> Errors) : AuditParse;
}
