using System.Globalization;
using Compass.Cli.Commands.Database;
using Compass.Core;
using Compass.Observability.LoadTesting;

namespace Compass.Cli.Commands.LoadTesting;

/// <summary>
/// The endpoint commands (<c>loadtest</c>, <c>validate</c>): dispatch, the shared HTTP client, the live progress line,
/// and turning a <see cref="LoadTestException"/> into a one-line <see cref="CliException"/>.
/// </summary>
internal static class LoadCommands
{
    public static bool Handles(string command) => command is "loadtest" or "validate";

    public static string Usage(string command) => command == "loadtest" ? LoadTestCommand.Usage : ValidateCommand.Usage;

    public static async Task<int> RunAsync(string command, IReadOnlyList<string> args, KnowledgeBaseOption? knowledgeBase, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        // validate stores its outcome in the knowledge base when one is given: checked before the load runs.
        await using var recorder = command == "validate" && !args.Contains("--help")
            ? await KnowledgeBaseRecorder.OpenAsync(knowledgeBase, cancellationToken).ConfigureAwait(false)
            : null;
        using var http = new LoadTesterOptions().CreateHttpClient();
        var tester = new LoadTester(http);
        var progress = ProgressLine.For(stderr);
        try
        {
            return command == "loadtest"
                ? await LoadTestCommand.RunAsync(CommandLine.Parse(command, args, LoadTestCommand.Options, LoadTestCommand.Flags), stdout, tester, progress, cancellationToken).ConfigureAwait(false)
                : await ValidateCommand.RunAsync(CommandLine.Parse(command, args, ValidateCommand.Options, ValidateCommand.Flags), stdout, tester, progress, recorder, cancellationToken).ConfigureAwait(false);
        }
        catch (LoadTestException ex)
        {
            throw new CliException(ex.Message.ReplaceLineEndings(" "), ExitCodes.Failure);
        }
        finally
        {
            progress?.Clear();
        }
    }

    /// <summary>Reads --url as an absolute http(s) URL.</summary>
    public static Uri Url(CommandLine line)
    {
        var text = line.Get("url") ?? throw new CliException("Give --url, the endpoint's base URL, e.g. --url http://localhost:8000.");
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new CliException($"--url must be an http(s) URL such as http://localhost:8000 (got '{text}').");
    }

    public static TokenDistribution Distribution(CommandLine line, string option)
    {
        var text = line.Get(option) ?? throw new CliException($"Give --{option}, e.g. --{option} lognormal:512,128 (or a fixed length such as 512).");
        try
        {
            return TokenDistribution.Parse(text, option == "output-tokens" ? TokenLengthRole.Output : TokenLengthRole.Prompt);
        }
        catch (FormatException ex)
        {
            throw new CliException($"--{option}: {ex.Message}");
        }
    }

    public static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
