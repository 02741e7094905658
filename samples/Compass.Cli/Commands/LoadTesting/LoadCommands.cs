using System.Globalization;
using Compass.Core;
using Compass.Observability.LoadTesting;

namespace Compass.Cli.Commands.LoadTesting;

/// <summary>
/// What the endpoint commands (<c>loadtest</c>, <c>validate</c>) share: the HTTP client, the live progress line, and
/// turning a <see cref="LoadTestException"/> into a one-line <see cref="CliException"/>.
/// </summary>
internal static class LoadCommands
{
    public static async Task<int> RunAsync(CliContext context, Func<LoadTester, IProgress<LoadProgress>?, Task<int>> run)
    {
        using var http = new LoadTesterOptions().CreateHttpClient();
        var tester = new LoadTester(http);
        var progress = ProgressLine.For(context.Stderr);
        try
        {
            return await run(tester, progress).ConfigureAwait(false);
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
    public static Uri Url(string? text)
    {
        _ = text ?? throw new CliException("Give --url, the endpoint's base URL, e.g. --url http://localhost:8000.");
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new CliException($"--url must be an http(s) URL such as http://localhost:8000 (got '{text}').");
    }

    public static TokenDistribution Distribution(string? text, string option)
    {
        _ = text ?? throw new CliException($"Give --{option}, e.g. --{option} lognormal:512,128 (or a fixed length such as 512).");
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
