namespace ActorMailProxy.Audit.PopBeforeSmtp;

/// <summary>An action as the policy protocol writes it: one attribute and the empty line that ends the reply.</summary>
internal static class PolicyReply
{
    private static readonly byte[] Ok = "action=OK\n\n"u8.ToArray();
    private static readonly byte[] Dunno = "action=DUNNO\n\n"u8.ToArray();

    public static ReadOnlyMemory<byte> Of(PolicyAction action) => action == PolicyAction.Ok ? Ok : Dunno;
}
