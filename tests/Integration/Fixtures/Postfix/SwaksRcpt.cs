using System.Diagnostics;

namespace ActorMailProxy.Integration.Fixtures.Postfix;

/// <summary>Runs swaks up to RCPT TO against an SMTP server and reads the server's answer to the RCPT from its transcript.</summary>
internal static class SwaksRcpt
{
    private static readonly TimeSpan SessionLimit = TimeSpan.FromSeconds(60);

    public static async Task<RcptAttempt> TryAsync(string server, int port, string localInterface, string from, string to)
    {
        var start = new ProcessStartInfo(PostfixInstallation.Swaks)
        {
            ArgumentList =
            {
                "--server", $"{server}:{port}", "--local-interface", localInterface,
                "--from", from, "--to", to, "--quit-after", "RCPT", "--timeout", "20",
            },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var swaks = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {PostfixInstallation.Swaks}.");
        swaks.StandardInput.Close();
        var stdout = swaks.StandardOutput.ReadToEndAsync();
        var stderr = swaks.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(SessionLimit);
        try
        {
            await swaks.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            swaks.Kill(entireProcessTree: true);
            throw new TimeoutException($"swaks did not finish within {SessionLimit}:\n{await stdout}{await stderr}");
        }
        var transcript = await stdout + await stderr;
        return Parse(transcript);
    }

    // swaks prints " -> RCPT TO:<…>", then the answer as "<-  250 …" (accepted) or "<** 554 …" (refused).
    internal static RcptAttempt Parse(string transcript)
    {
        var lines = transcript.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var rcpt = lines.FindIndex(l => l.TrimStart().StartsWith("-> RCPT TO:", StringComparison.Ordinal));
        var reply = rcpt < 0 ? null : lines.Skip(rcpt + 1).FirstOrDefault(l => l.StartsWith('<'));
        if (reply is null)
            return new RcptAttempt(null, "(no answer to RCPT)", transcript);
        var text = reply.TrimStart('<', '-', '*').TrimStart();
        return new RcptAttempt(text.Length >= 3 && int.TryParse(text[..3], out var code) ? code : null, text, transcript);
    }
}
