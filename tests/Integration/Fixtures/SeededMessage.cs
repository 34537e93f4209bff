using System.Security.Cryptography;
using System.Text;

namespace ActorMailProxy.Integration.Fixtures;

/// <summary>
/// A deterministic RFC 822 message: the same seed and size give the same bytes. Lines end in CRLF, so the bytes a
/// server returns over IMAP or POP3 are the bytes delivered, and a hash compares them end to end.
/// </summary>
public sealed record SeededMessage(string Subject, byte[] Bytes, string Sha256)
{
    private const int LineLength = 76;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static SeededMessage Create(string to, string subject, int seed, int size)
    {
        var message = new StringBuilder()
            .Append("From: Fixture <fixture@example.net>\r\n")
            .Append($"To: <{to}>\r\n")
            .Append($"Subject: {subject}\r\n")
            .Append("Date: Mon, 01 Jan 2024 00:00:00 +0000\r\n")
            .Append($"Message-ID: <seed-{seed}-{size}@fixture.example.net>\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: text/plain; charset=us-ascii\r\n")
            .Append("\r\n");
        if (message.Length + 2 > size)
            throw new ArgumentOutOfRangeException(nameof(size), $"{size} bytes cannot hold the headers of '{subject}'.");

        var random = new Random(seed);
        // Stop while at least a CRLF's worth remains for the last line, which fills the size exactly.
        for (var line = 0; size - message.Length >= LineLength + 4; line++)
            message.Append(BodyLine(random, line)).Append("\r\n");
        message.Append(Characters(random, size - message.Length - 2)).Append("\r\n");

        var bytes = Encoding.ASCII.GetBytes(message.ToString());
        return new SeededMessage(subject, bytes, Convert.ToHexString(SHA256.HashData(bytes)));
    }

    // Some lines start with a dot, one is a lone dot: POP3 must dot-stuff them, and a relay must not unstuff them.
    private static string BodyLine(Random random, int line) => (line % 1000) switch
    {
        250 => ".." + Characters(random, LineLength - 2),
        500 => ".",
        750 => "." + Characters(random, LineLength - 1),
        _ => Characters(random, LineLength),
    };

    private static string Characters(Random random, int count) =>
        string.Create(count, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = Alphabet[r.Next(Alphabet.Length)];
        });
}
