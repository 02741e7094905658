using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Cli.Commands.Database;
using Compass.Cli.Output;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Compass.Planning.Service;
using Compass.Planning.Specification;
using Compass.Postgres.Feedback;

namespace Compass.Cli.Commands;

/// <summary><c>compass plan "description" [flags]</c>: the main job.</summary>
internal static class PlanCommand
{
    public const string Usage = """
        Usage: compass plan "<description>" [options]

        Plans a right-sized LLM deployment for a plain-language description, e.g.
          compass plan "customer service chatbot for 5000 users, low latency"

        Options (each overrides what the description says):
          --use-case ID          one of the use cases in 'compass catalog use-cases'
          --users N              number of users (5000, 5k)
          --qps Q                mean requests per second (wins over users)
          --peak-multiplier F    peak ÷ mean rate (default: the use case's)
          --gpu G[,G]            GPU types to consider (H100, A100 for both A100s, ...)
          --model M[,M]          models to consider (ids or aliases, e.g. llama-3.1-8b)
          --model-config PATH    plan for a model from its Hugging Face config.json
          --quant Q[,Q]          weight formats to consider: bf16, fp8, w8a8, w4a16, mxfp4
          --kv-cache-dtype D     KV-cache format to consider, in vLLM's names: auto (16-bit only) or fp8 (fp8_e4m3,
                                 fp8_e5m2; FP8 only, on GPUs with FP8 support); default: both where the GPU allows
          --budget USD           most to spend per month (4000, 4k)
          --deployment D         cloud (default), owned (power only) or purchase (capex + power)
          --provider P           cloud provider to price with (aws, gcp, azure, market)
          --pricing T            on-demand (default), spot or reserved
          --latency|--cost|--accuracy low|medium|high   priorities
          --ttft MS --itl MS --e2e MS   SLO targets in milliseconds
          --percentile P         SLO percentile: 90, 95 (default) or 99
          --prompt-tokens DIST   prompt lengths: 512, normal:512,128, lognormal:512,128 or sharegpt
          --output-tokens DIST   output lengths, same forms
          --headroom F           spare capacity above peak (0.1 or 10%; default 10%)
          --redundancy N         extra replicas kept for failures (default 0; 1 = N+1)
          --top N                recommendations to show (default 5)
          --llm URL              read the description with an LLM served by Ollama at URL (falls back to the
                                 deterministic extractor, and says so, when it cannot be reached)
          --llm-model M          the Ollama model (default qwen2.5:7b)
          --json                 print the plan as JSON
          --save NAME            keep the plan in the knowledge base (needs --kb or COMPASS_KB) and print its id
          --out DIR              also write KServe/vLLM manifests for recommendation #1 to DIR (see 'compass generate
                                 --help'; --namespace, --name, --simulator, --image, --simulator-image, --hf-secret,
                                 --run-as-user, --image-runs-as-non-root, --allow-from, --metrics-from and --force apply)
        """;

    private static readonly string[] Options =
    [
        "use-case", "users", "qps", "peak-multiplier", "gpu*", "model*", "model-config", "quant*", "kv-cache-dtype", "budget", "deployment", "provider",
        "pricing", "latency", "cost", "accuracy", "ttft", "itl", "e2e", "percentile", "prompt-tokens", "output-tokens", "headroom",
        "redundancy", "top", "llm", "llm-model", "save", .. GenerateCommand.ManifestOptions,
    ];

    private static readonly Dictionary<string, Priority> Priorities = new(StringComparer.Ordinal)
    {
        ["low"] = Priority.Low, ["medium"] = Priority.Medium, ["high"] = Priority.High,
    };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, PlanningService service, KnowledgeBaseOption? knowledgeBase, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("plan", args, Options, ["json", .. GenerateCommand.ManifestFlags]);
        if (line.Positionals.Count > 1)
        {
            throw new CliException($"Give the description as one quoted argument (got {line.Positionals.Count} words). Example: compass plan \"chatbot for 500 users\"");
        }

        var description = line.Positionals.Count == 1 ? line.Positionals[0] : null;
        if (description is not null && string.IsNullOrWhiteSpace(description))
        {
            throw new CliException("The description is empty. Describe the workload, e.g. compass plan \"chatbot for 500 users\".");
        }

        // The output folder is checked before anything is planned or printed, so a refused folder costs nothing.
        GenerateCommand.CheckOutput(line);
        var saveAs = line.Get("save");
        if (saveAs is not null && (knowledgeBase is null || string.IsNullOrWhiteSpace(saveAs)))
        {
            throw new CliException(knowledgeBase is null
                ? "--save keeps the plan in the PostgreSQL knowledge base: add --kb postgres://user@host/db (or set COMPASS_KB)."
                : "--save needs a name for the plan, e.g. --save support-bot.");
        }

        var catalog = await service.GetCatalogAsync(cancellationToken).ConfigureAwait(false);
        var overrides = ReadOverrides(line, catalog);
        PlanOutcome outcome;
        if (description is null)
        {
            if (overrides.UseCase is null || (overrides.Users is null && overrides.Qps is null))
            {
                throw new CliException("Describe the workload (compass plan \"chatbot for 500 users\") or give --use-case and --users or --qps.");
            }

            outcome = await service.PlanAsync(new DeploymentIntent { UseCase = overrides.UseCase.Value }, overrides, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            outcome = await service.PlanAsync(description, overrides, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var node = PlanOutcomeJson.ToJsonObject(outcome);

        Guid? savedId = null;
        if (saveAs is not null)
        {
            await using var database = DbCommands.Open(knowledgeBase!);
            savedId = await new PlanStore(database).SaveAsync(saveAs.Trim(), description ?? string.Empty, node.ToJsonString(CompassJson.Compact), cancellationToken).ConfigureAwait(false);
        }

        if (line.Has("json"))
        {
            if (savedId is { } id)
            {
                node["savedPlanId"] = id.ToString();
            }

            await stdout.WriteLineAsync(node.ToJsonString(CompassJson.Options)).ConfigureAwait(false);
        }
        else
        {
            PlanPrinter.Print(stdout, outcome);
            if (savedId is { } id)
            {
                await stdout.WriteLineAsync($"  Saved as plan {id} ('{saveAs!.Trim()}') in {knowledgeBase!.Describe()}.").ConfigureAwait(false);
            }
        }

        if (outcome.Plan.Recommendations.IsEmpty)
        {
            return ExitCodes.NoFeasiblePlan;
        }

        if (line.Get("out") is not null)
        {
            // With --json the plan goes to stdout, so the manifest summary must not mix into it.
            var summary = line.Has("json") ? TextWriter.Null : stdout;
            await GenerateCommand.WriteAsync(outcome.Plan, 1, line, summary, catalog, cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static PlanOverrides ReadOverrides(CommandLine line, KnowledgeCatalog catalog)
    {
        var additional = ImmutableArray<ModelSpec>.Empty;
        if (line.Get("model-config") is { } path)
        {
            additional = [ReadModelConfig(path, line.GetList("model") is [var only] ? only : null)];
        }

        var models = line.GetList("model");
        var modelIds = additional.IsEmpty
            ? (models.Count > 0 ? SpecificationBuilder.ResolveModels(catalog, models) : (ImmutableArray<ModelId>?)null)
            : null;
        var users = line.GetInt("users", 1, 100_000_000);
        var qps = line.GetDouble("qps", 1e-6, 1e6, "req/s");

        return new PlanOverrides
        {
            UseCase = line.Get("use-case") is { } u ? catalog.ResolveUseCase(u).Id : null,
            Users = users,
            Qps = qps,
            PeakMultiplier = line.GetDouble("peak-multiplier", 1, 100),
            Gpus = line.GetList("gpu") is { Count: > 0 } gpus ? SpecificationBuilder.ResolveGpus(catalog, gpus) : null,
            Models = modelIds,
            AdditionalModels = additional,
            Quantizations = line.GetList("quant") is { Count: > 0 } quants ? [.. quants.Select(ParseQuantization)] : null,
            KvCacheDtype = line.Has("kv-cache-dtype") ? ConfigurationOptions.ParseKvCacheDtype(line) : null,
            MaxMonthlyCostUsd = line.GetDouble("budget", 1, 1e9, "USD"),
            DeploymentModel = line.GetChoice("deployment", new Dictionary<string, DeploymentModel>(StringComparer.Ordinal)
            {
                ["cloud"] = DeploymentModel.Cloud, ["owned"] = DeploymentModel.Owned, ["purchase"] = DeploymentModel.Purchase,
            }),
            Provider = line.Get("provider") is { } p ? ParseProvider(p, catalog) : null,
            PricingTier = line.GetChoice("pricing", new Dictionary<string, PricingTier>(StringComparer.Ordinal)
            {
                ["on-demand"] = PricingTier.OnDemand, ["ondemand"] = PricingTier.OnDemand, ["spot"] = PricingTier.Spot, ["reserved"] = PricingTier.Reserved,
            }),
            LatencyPriority = line.GetChoice("latency", Priorities),
            CostPriority = line.GetChoice("cost", Priorities),
            AccuracyPriority = line.GetChoice("accuracy", Priorities),
            TtftMs = line.GetDouble("ttft", 1, 3_600_000, "ms"),
            ItlMs = line.GetDouble("itl", 0.1, 60_000, "ms"),
            E2eMs = line.GetDouble("e2e", 1, 36_000_000, "ms"),
            Percentile = line.GetDouble("percentile", 50, 99.9),
            PromptTokens = ParseDistribution(line, "prompt-tokens"),
            OutputTokens = ParseDistribution(line, "output-tokens"),
            Headroom = line.GetDouble("headroom", 0, 4, allowPercent: true),
            RedundantReplicas = line.GetInt("redundancy", 0, 16),
            Top = line.GetInt("top", 1, 100),
        };
    }

    private static ModelSpec ReadModelConfig(string path, string? id)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"Cannot read --model-config '{path}': {ex.Message}");
        }

        try
        {
            return ModelSpec.FromHuggingFaceConfig(json, id is null ? null : ModelId.Parse(id));
        }
        catch (FormatException ex)
        {
            throw new CliException($"--model-config '{path}': {ex.Message}");
        }
    }

    private static Quantization ParseQuantization(string text)
    {
        try
        {
            return Quantization.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new CliException("--quant: " + ex.Message);
        }
    }

    private static CloudProvider ParseProvider(string text, KnowledgeCatalog catalog)
    {
        var provider = CloudProvider.Parse(text);
        var known = catalog.Gpus.SelectMany(g => g.RentalPrices).Select(r => r.Provider).Distinct().ToArray();
        return known.Contains(provider)
            ? provider
            : throw new CliException($"--provider '{text}' has no prices in the catalog. Known providers: {string.Join(", ", known.Select(k => k.Value).Order(StringComparer.Ordinal))}.");
    }

    private static TokenDistribution? ParseDistribution(CommandLine line, string option)
    {
        var text = line.Get(option);
        if (text is null)
        {
            return null;
        }

        try
        {
            return TokenDistribution.Parse(text, option == "output-tokens" ? TokenLengthRole.Output : TokenLengthRole.Prompt);
        }
        catch (FormatException ex)
        {
            throw new CliException($"--{option}: {ex.Message}");
        }
    }
}
