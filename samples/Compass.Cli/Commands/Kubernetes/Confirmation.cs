namespace Compass.Cli.Commands.Kubernetes;

/// <summary>Asks before a destructive change: <c>--yes</c> skips the question; without an answer, nothing happens.</summary>
internal static class Confirmation
{
    public static async Task<bool> AskAsync(bool yes, string command, TextReader stdin, TextWriter stdout, string question)
    {
        if (yes)
        {
            return true;
        }

        await stdout.WriteAsync($"{question} [y/N] ").ConfigureAwait(false);
        await stdout.FlushAsync().ConfigureAwait(false);
        var answer = await stdin.ReadLineAsync().ConfigureAwait(false);
        if (answer is null)
        {
            await stdout.WriteLineAsync().ConfigureAwait(false);
            throw new CliException($"Nothing was changed: 'compass {command}' needs a yes, and there was no answer (input is not a terminal). Pass --yes to go ahead without asking, or --dry-run to only see the list.");
        }

        return answer.Trim().ToLowerInvariant() is "y" or "yes";
    }
}
