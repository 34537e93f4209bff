using System.Text;

namespace ActorMailProxy.Gateway.Operator;

/// <summary>
/// The building blocks of <see cref="AdminSerializer"/>'s format: UTF-8 strings and 7-bit counts (BinaryWriter's),
/// and nested records as length-prefixed blobs, so a record that gains fields at its end stays readable by nodes
/// that know only the older ones, and an older record by newer nodes (<see cref="HasMore"/>).
/// </summary>
internal static class AdminWire
{
    public static byte[] Write(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }
        return stream.ToArray();
    }

    public static T Read<T>(byte[] bytes, Func<BinaryReader, T> read)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        return read(reader);
    }

    /// <summary>True while the record has fields left: a field added later is read only when the sender wrote it.</summary>
    public static bool HasMore(this BinaryReader reader) => reader.BaseStream.Position < reader.BaseStream.Length;

    public static void WriteCount(this BinaryWriter writer, int count) => writer.Write7BitEncodedInt(count);

    public static int ReadCount(this BinaryReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        // Every item takes at least a byte: a larger count is a corrupt message, not a reason to allocate.
        return count >= 0 && count <= reader.BaseStream.Length - reader.BaseStream.Position
            ? count
            : throw new InvalidDataException($"count {count} does not fit the message");
    }

    public static int ReadNonNegative(this BinaryReader reader)
    {
        var value = reader.Read7BitEncodedInt();
        return value >= 0 ? value : throw new InvalidDataException($"{value} where a number of at least 0 belongs");
    }

    public static void WriteStrings(this BinaryWriter writer, IReadOnlyList<string> items)
    {
        writer.WriteCount(items.Count);
        foreach (var item in items)
        {
            writer.Write(item);
        }
    }

    public static IReadOnlyList<string> ReadStrings(this BinaryReader reader) =>
        [.. Enumerable.Range(0, reader.ReadCount()).Select(_ => reader.ReadString())];

    public static void WriteBlob(this BinaryWriter writer, Action<BinaryWriter> write)
    {
        var blob = Write(write);
        writer.WriteCount(blob.Length);
        writer.Write(blob);
    }

    public static T ReadBlob<T>(this BinaryReader reader, Func<BinaryReader, T> read) =>
        Read(reader.ReadBytes(reader.ReadCount()), read);
}
