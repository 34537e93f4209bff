using System.Text;

namespace ActorMailProxy.Routing.Maps;

/// <summary>Reads a map file whole, turning every way it can fail into a <see cref="MapSourceException"/> naming it.</summary>
internal static class MapFile
{
    public static string ReadText(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new MapSourceException(path, [$"cannot read the map file: {e.Message}"], e);
        }

        if (text.Contains('\0'))
        {
            throw new MapSourceException(path, [
                "this is a binary file (a makegdbm or makebdb database?); give -m the text map it was built from, " +
                "e.g. /etc/perdition/popmap"]);
        }

        return text;
    }
}
