using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>Walks a method body's IL and returns every metadata token an instruction carries (types, members, signatures).</summary>
internal static class IlTokens
{
    private static readonly OperandType?[] OneByte = new OperandType?[256];
    private static readonly OperandType?[] TwoByte = new OperandType?[256];

    static IlTokens()
    {
        // The runtime's own opcode table, so the operand sizes cannot drift from ECMA-335.
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)field.GetValue(null)!;
            var value = (ushort)op.Value;
            (op.Size == 1 ? OneByte : TwoByte)[value & 0xFF] = op.OperandType;
        }
    }

    public static IReadOnlyList<EntityHandle> In(MethodBodyBlock body)
    {
        var tokens = new List<EntityHandle>();
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            int code = il.ReadByte();
            var operand = (code == 0xFE ? TwoByte[il.ReadByte()] : OneByte[code])
                ?? throw new InvalidOperationException($"unknown IL opcode 0x{code:X2} before offset {il.Offset}");
            switch (operand)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok
                    or OperandType.InlineType or OperandType.InlineSig:
                    tokens.Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                default:
                    il.Offset += OperandSize(operand);
                    break;
            }
        }
        return tokens;
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
