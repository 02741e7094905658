using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text.Json;
using Compass.Cli.Diagnostics;
using Compass.Cli.Output;
using Compass.Cli.Parsing;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Postgres;

namespace Compass.Cli;

/// <summary>The <c>compass</c> command: parsing, running, and turning every error into one line and an exit code.</summary>
internal static class CompassCli
{
    private static readonly ParserConfiguration Parsing = new()
    {
        // '@file' is text like any other here (a description may start with '@'), not a response file.
        ResponseFileTokenReplacer = null,
    };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
        => await RunAsync(args, TextReader.Null, stdout, stderr, cancellationToken).ConfigureAwait(false);

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
        => await RunAsync(args, stdin, stdout, stderr, Environment.GetEnvironmentVariable, cancellationToken).ConfigureAwait(false);

    /// <summary>Runs one command line with the given streams and environment; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(
        string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(stdin, stdout, stderr, environment);
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        if (args.Length == 0)
        {
            // Without a command, the overview, and the exit code of a usage error (a script that forgot its command).
            var overview = CompassRootCommand.Create(context);
            await overview.Parse(["--help"], Parsing).InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        args = args switch
        {
            ["help", .. var rest] => [.. rest, "--help"],
            ["version"] => ["--version"],
            _ => args,
        };

        var root = CompassRootCommand.Create(context, args);
        StartupTrace.Mark("command line built");
        try
        {
            var result = root.Parse(args, Parsing);
            StartupTrace.Mark("arguments parsed");
            if (result.Action is not CommandLineAction { ClearsParseErrors: true } && ParseErrorMessage.First(result, args) is { } problem)
            {
                throw new CliException(problem);
            }

            return await result.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (IntentValueException ex)
        {
            await stderr.WriteLineAsync("error: " + CliHints.Message(ex)).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (CompassDatabaseException ex)
        {
            await stderr.WriteLineAsync("error: " + CliHints.Message(ex)).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KnowledgeBaseException or JsonException or InvalidOperationException)
        {
            await stderr.WriteLineAsync("error: " + OneLine(ex.Message)).ConfigureAwait(false);
            return ex is KnowledgeBaseException or InvalidOperationException ? ExitCodes.Failure : ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (environment("COMPASS_DEBUG") is not "1")
        {
            // Anything else is a bug; the user still gets one line, not a stack trace (COMPASS_DEBUG=1 shows it).
            await stderr.WriteLineAsync($"error: internal error: {OneLine(ex.Message)} (a bug in Compass: please report it with the command you ran; COMPASS_DEBUG=1 shows the details)").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    // ArgumentException appends " (Parameter 'x')"; users need the sentence, not the parameter name.
    private static string OneLine(string message)
    {
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).ReplaceLineEndings(" ");
    }
}
