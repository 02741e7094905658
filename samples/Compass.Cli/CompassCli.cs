using System.Text.Json;
using Compass.Cli.Commands;
using Compass.Cli.Commands.Kubernetes;
using Compass.Cli.Commands.LoadTesting;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Ai;
using Compass.Planning.Conversation;
using Compass.Planning.Intent;
using Compass.Planning.Service;
using Compass.Postgres;
using Compass.Cli.Commands.Database;
using Microsoft.Extensions.DependencyInjection;

namespace Compass.Cli;

/// <summary>The <c>compass</c> command: dispatch, and turning every error into one line and an exit code.</summary>
internal static class CompassCli
{
    private const string Usage = """
        compass: plan right-sized LLM deployments.

        Usage: compass <command> [options]

        Commands:
          plan "<description>"       recommend models, GPUs and replicas for a workload
          chat                       a conversation: Compass asks, recommends and refines
          extract "<description>"    the intent read from a description
          eval-intents --file F      an extractor's pass rate on labelled scenarios
          estimate --model M --gpu G   physics step times and memory for one configuration
          simulate --model M --gpu G --rate QPS ...   continuous-batching simulation of one configuration under load
          catalog models|gpus|use-cases   list the knowledge base
          generate --plan plan.json  KServe/vLLM manifests for a saved plan
          deploy --dir DIR           apply manifests to a cluster (server-side apply), optionally --wait for Ready
          status|delete|rollback NAME   a deployment's status, deletion, or rollback to its previous revision
          list                       the deployments Compass manages in a namespace
          loadtest --url URL --model M --profile P ...   load an OpenAI-compatible endpoint (GuideLLM-style profiles)
          validate --url URL --plan plan.json   check a plan's SLOs and predictions against a load test
          db init|import|health|export|calibrate   the PostgreSQL knowledge base (needs --kb or COMPASS_KB)
          calibrate --gpu G          refit a GPU's engine coefficients from stored validate outcomes (= db calibrate)

        Global options:

        """ + KnowledgeBaseOption.UsageLine + """

        Run 'compass <command> --help' for a command's options.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
        => await RunAsync(args, TextReader.Null, stdout, stderr, cancellationToken).ConfigureAwait(false);

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        try
        {
            var knowledgeBase = KnowledgeBaseOption.Extract(args, Environment.GetEnvironmentVariable, out var remaining);
            if (remaining.Length == 0)
            {
                throw new CliException("Give a command, e.g. compass plan \"chatbot for 5,000 users\" (compass --help lists them).");
            }

            return await DispatchAsync(remaining[0], [.. remaining.Skip(1)], knowledgeBase, stdin, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ex.ExitCode;
        }
    }

    private static async Task<int> DispatchAsync(string command, string[] rest, KnowledgeBaseOption? knowledgeBase, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        try
        {
            if (rest.Contains("--help") || rest.Contains("-h"))
            {
                await stdout.WriteLineAsync(command switch
                {
                    "plan" => PlanCommand.Usage,
                    "catalog" => CatalogCommand.Usage,
                    "estimate" => EstimateCommand.Usage,
                    "extract" => ExtractCommand.Usage,
                    "eval-intents" => EvalIntentsCommand.Usage,
                    "chat" => ChatCommand.Usage,
                    "simulate" => SimulateCommand.Usage,
                    "generate" => GenerateCommand.Usage,
                    "db" or "calibrate" => DbCommands.Usage,
                    _ when KubernetesCommands.Handles(command) => KubernetesCommands.Usage(command),
                    _ when LoadCommands.Handles(command) => LoadCommands.Usage(command),
                    _ => Usage,
                }).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            if (KubernetesCommands.Handles(command))
            {
                return await KubernetesCommands.RunAsync(command, rest, knowledgeBase, stdin, stdout, cancellationToken).ConfigureAwait(false);
            }

            if (LoadCommands.Handles(command))
            {
                return await LoadCommands.RunAsync(command, rest, knowledgeBase, stdout, stderr, cancellationToken).ConfigureAwait(false);
            }

            if (command is "db" or "calibrate")
            {
                // 'compass calibrate' is 'compass db calibrate', the step that closes the validate → refit loop.
                return await DbCommands.RunAsync(command == "db" ? rest : ["calibrate", .. rest], knowledgeBase, stdout, cancellationToken).ConfigureAwait(false);
            }

            await using var services = Services(command, rest, knowledgeBase);
            var planning = services.GetRequiredService<PlanningService>();
            return command switch
            {
                "plan" => await PlanCommand.RunAsync(rest, stdout, planning, knowledgeBase, cancellationToken).ConfigureAwait(false),
                "extract" => await ExtractCommand.RunAsync(CommandLine.Parse("extract", rest, ExtractCommand.Options, ["json"]), stdout, planning, cancellationToken).ConfigureAwait(false),
                "eval-intents" => await EvalIntentsCommand.RunAsync(
                    CommandLine.Parse("eval-intents", rest, EvalIntentsCommand.Options, ["json"]), stdout,
                    services.GetService<IIntentExtractor>() ?? new DeterministicIntentExtractor(await planning.GetCatalogAsync(cancellationToken).ConfigureAwait(false)),
                    cancellationToken).ConfigureAwait(false),
                "chat" => await ChatCommand.RunAsync(CommandLine.Parse("chat", rest, ChatCommand.Options, []), stdin, stdout, services.GetRequiredService<ConversationEngine>(), cancellationToken).ConfigureAwait(false),
                "estimate" => await EstimateCommand.RunAsync(rest, stdout, await planning.GetCatalogAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false),
                "simulate" => await SimulateCommand.RunAsync(rest, stdout, await planning.GetCatalogAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false),
                "generate" => await GenerateCommand.RunAsync(rest, stdout, await planning.GetCatalogAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
                "catalog" => await CatalogCommand.RunAsync(rest, stdout, await planning.GetCatalogAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false),
                "--version" or "version" => await Version(stdout).ConfigureAwait(false),
                _ => throw new CliException($"Unknown command '{command}'. Commands: plan, chat, extract, eval-intents, estimate, simulate, catalog, generate, deploy, status, list, delete, rollback, loadtest, validate, db, calibrate. Run 'compass --help'."),
            };
        }
        catch (CliException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (CompassDatabaseException ex)
        {
            await stderr.WriteLineAsync("error: " + OneLine(ex.Message)).ConfigureAwait(false);
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
        catch (Exception ex) when (Environment.GetEnvironmentVariable("COMPASS_DEBUG") is not "1")
        {
            // Anything else is a bug; the user still gets one line, not a stack trace (COMPASS_DEBUG=1 shows it).
            await stderr.WriteLineAsync($"error: internal error: {OneLine(ex.Message)} (a bug in Compass: please report it with the command you ran; COMPASS_DEBUG=1 shows the details)").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    // Commands that read descriptions take --llm URL [--llm-model M]: the LLM extractor, through Ollama, with the
    // deterministic extractor as its fallback.
    private static ServiceProvider Services(string command, IReadOnlyList<string> args, KnowledgeBaseOption? knowledgeBase)
    {
        var services = new ServiceCollection().AddCompassPlanning();
        if (knowledgeBase is not null)
        {
            services.AddCompassPostgres(knowledgeBase.ConnectionString);
        }

        if (command is "plan" or "chat" or "extract" or "eval-intents" && Option(args, "llm") is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                throw new CliException($"--llm must be the URL of an Ollama server, e.g. --llm http://localhost:11434 (got '{url}').");
            }

            var model = Option(args, "llm-model") ?? LlmExtractorOptions.DefaultOllamaModel;
            if (string.IsNullOrWhiteSpace(model))
            {
                throw new CliException("--llm-model needs a model name, e.g. --llm-model qwen2.5:7b.");
            }

            services.AddCompassOllama(endpoint, model);
        }
        else if (Option(args, "llm-model") is not null)
        {
            throw new CliException("--llm-model only applies with --llm URL.");
        }

        return services.BuildServiceProvider();
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--" + name)
            {
                return i + 1 < args.Count ? args[i + 1] : null;
            }

            if (args[i].StartsWith("--" + name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 3)..];
            }
        }

        return null;
    }

    private static async Task<int> Version(TextWriter stdout)
    {
        var version = typeof(CompassCli).Assembly.GetName().Version;
        await stdout.WriteLineAsync($"compass {version}").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    // ArgumentException appends " (Parameter 'x')"; users need the sentence, not the parameter name.
    private static string OneLine(string message)
    {
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).ReplaceLineEndings(" ");
    }
}
