namespace ActorMailProxy.Integration.Fixtures.Sieve;

/// <summary>The capability lines of a ManageSieve greeting or <c>CAPABILITY</c> answer; names are case-insensitive.</summary>
public sealed record SieveCapabilities(IReadOnlyDictionary<string, string?> Entries)
{
    public string? Implementation => Entries.GetValueOrDefault("IMPLEMENTATION");

    public IReadOnlyList<string> SaslMechanisms =>
        Entries.GetValueOrDefault("SASL")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    internal static SieveCapabilities FromLines(IEnumerable<IReadOnlyList<SieveToken>> lines)
    {
        var entries = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines)
        {
            if (line.Count is < 1 or > 2 || line.Any(t => t.Kind != SieveTokenKind.String))
                throw new InvalidDataException($"Malformed capability line: {string.Join(' ', line.Select(t => t.Text))}");
            entries[line[0].Text] = line.Count == 2 ? line[1].Text : null;
        }
        return new SieveCapabilities(entries);
    }
}
