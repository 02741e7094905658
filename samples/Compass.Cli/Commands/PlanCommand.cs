using System.Collections.Immutable;
using System.CommandLine;
using System.Text.Json.Nodes;
using Compass.Cli.Commands.Database;
using Compass.Cli.Diagnostics;
using Compass.Cli.Output;
using Compass.Cli.Parsing;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Compass.Kserve.Vm;
using Compass.Planning.Service;
using Compass.Planning.Specification;
using Compass.Postgres.Feedback;
using Microsoft.Extensions.DependencyInjection;

namespace Compass.Cli.Commands;

/// <summary><c>compass plan "description" [options]</c>: the main job.</summary>
internal sealed class PlanCommand : Command
{
    private static readonly Dictionary<string, Priority> Priorities = new(StringComparer.Ordinal)
    {
        ["low"] = Priority.Low, ["medium"] = Priority.Medium, ["high"] = Priority.High,
    };

    private readonly CliContext _context;
    private readonly LlmOptions _llm = new();
    private readonly ManifestSwitches _manifests = new();
    private readonly FormatOptions _format = new();
    private readonly Argument<string[]> _description = new("description") { Description = "the workload in plain words, quoted", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _useCase = CliOptions.Text("use-case", "one of the use cases in 'compass catalog use-cases'", "ID")
        .Completing(() => EmbeddedKnowledgeBase.Catalog.UseCases.Select(u => u.Id.Value));
    private readonly Option<int?> _users = CliOptions.Int("users", 1, 100_000_000, "number of users (5000, 5k)");
    private readonly Option<double?> _qps = CliOptions.Number("qps", 1e-6, 1e6, "mean requests per second (wins over users)", "req/s", helpName: "Q");
    private readonly Option<double?> _peak = CliOptions.Number("peak-multiplier", 1, 100, "peak ÷ mean rate (default: the use case's)");
    private readonly Option<IReadOnlyList<string>> _gpu = CliOptions.List("gpu", "GPU types to consider (H100, A100 for both A100s, ...)", "G[,G]", "H100", "L40S")
        .Completing(() => EmbeddedKnowledgeBase.Catalog.Gpus.Select(g => g.Type.Value));
    private readonly Option<IReadOnlyList<string>> _model = CliOptions.List("model", "models to consider (ids or aliases, e.g. llama-3.1-8b)", "M[,M]", "llama-3.1-8b")
        .Completing(() => EmbeddedKnowledgeBase.Catalog.Models.Select(m => m.Id.Value));
    private readonly Option<string?> _modelConfig = CliOptions.Text("model-config", "plan for a model from its Hugging Face config.json", "PATH");
    private readonly Option<IReadOnlyList<string>> _quant = CliOptions.List("quant", "weight formats to consider: bf16, fp8, w8a8, w4a16, mxfp4", "Q[,Q]");
    private readonly Option<string?> _kvCacheDtype = CliOptions.Text("kv-cache-dtype", "KV-cache format to consider, in vLLM's names: auto (16-bit only) or fp8 (fp8_e4m3, fp8_e5m2; FP8 only, on GPUs with FP8 support); default: both where the GPU allows", "D");
    private readonly Option<double?> _budget = CliOptions.Number("budget", 1, 1e9, "most to spend per month (4000, 4k)", "USD", helpName: "USD");
    private readonly Option<DeploymentModel?> _deployment = CliOptions.Choice("deployment", new Dictionary<string, DeploymentModel>(StringComparer.Ordinal)
    {
        ["cloud"] = DeploymentModel.Cloud, ["owned"] = DeploymentModel.Owned, ["purchase"] = DeploymentModel.Purchase,
    }, "cloud (default), owned (power only) or purchase (capex + power)");
    private readonly Option<string?> _provider = CliOptions.Text("provider", "cloud provider to price with (aws, gcp, azure, market)", "P");
    private readonly Option<PricingTier?> _pricing = CliOptions.Choice("pricing", new Dictionary<string, PricingTier>(StringComparer.Ordinal)
    {
        ["on-demand"] = PricingTier.OnDemand, ["ondemand"] = PricingTier.OnDemand, ["spot"] = PricingTier.Spot, ["reserved"] = PricingTier.Reserved,
    }, "on-demand (default), spot or reserved", "on-demand|spot|reserved");
    private readonly Option<Priority?> _latency = CliOptions.Choice("latency-priority", Priorities, "how much latency matters: high = tight latency targets (\"low latency\"), low = relaxed");
    private readonly Option<Priority?> _cost = CliOptions.Choice("cost-priority", Priorities, "how much cost matters: high = the cheapest options first");
    private readonly Option<Priority?> _accuracy = CliOptions.Choice("accuracy-priority", Priorities, "how much answer quality matters: high = the best models first");

    // The old names read as the opposite of what they meant ("--latency low" was "latency matters little", not "low
    // latency"); they are refused with the new name instead of being reinterpreted.
    private readonly Option<string?> _oldLatency = CliOptions.Renamed("latency", "latency-priority", "how much latency matters; for low latency give --latency-priority high");
    private readonly Option<string?> _oldCost = CliOptions.Renamed("cost", "cost-priority", "how much cost matters; to favour cheap options give --cost-priority high");
    private readonly Option<string?> _oldAccuracy = CliOptions.Renamed("accuracy", "accuracy-priority", "how much answer quality matters");
    private readonly Option<double?> _ttft = CliOptions.Number("ttft", 1, 3_600_000, "time-to-first-token target in milliseconds", "ms", helpName: "MS");
    private readonly Option<double?> _itl = CliOptions.Number("itl", 0.1, 60_000, "inter-token latency target in milliseconds", "ms", helpName: "MS");
    private readonly Option<double?> _e2e = CliOptions.Number("e2e", 1, 36_000_000, "end-to-end latency target in milliseconds", "ms", helpName: "MS");
    private readonly Option<double?> _percentile = CliOptions.Number("percentile", 50, 99.9, "SLO percentile: 90, 95 (default) or 99", helpName: "P");
    private readonly Option<string?> _promptTokens = CliOptions.Text("prompt-tokens", "prompt lengths: 512, normal:512,128, lognormal:512,128 or sharegpt", "DIST");
    private readonly Option<string?> _outputTokens = CliOptions.Text("output-tokens", "output lengths, same forms", "DIST");
    private readonly Option<double?> _headroom = CliOptions.Number("headroom", 0, 4, "spare capacity above peak (0.1 or 10%; default 10%)", allowPercent: true);
    private readonly Option<int?> _redundancy = CliOptions.Int("redundancy", 0, 16, "extra replicas kept for failures (default 0; 1 = N+1)");
    private readonly Option<int?> _top = CliOptions.Int("top", 1, 100, "recommendations to show (default 5)");
    private readonly Option<string?> _save = CliOptions.Text("save", "keep the plan in the knowledge base (needs --kb or COMPASS_KB) and print its id", "NAME");
    private readonly Option<bool> _explain = CliOptions.Flag("explain", "also print what TTFT, ITL, E2E, p95, TP and the Pareto frontier mean");
    private readonly Option<bool> _noVerify = CliOptions.Flag("no-verify", "skip checking estimated options by simulation (faster; the estimates are then unverified)");

    public PlanCommand(CliContext context)
        : base("plan", """
            Recommend models, GPUs and replicas for a workload.

            Plans a right-sized LLM deployment for a plain-language description, e.g.
              compass plan "customer service chatbot for 5000 users, low latency"
            Options override what the description says. --out DIR also writes KServe/vLLM manifests for
            recommendation #1 (see 'compass generate --help'; the manifest options apply with --out).
            """)
    {
        _context = context;
        Arguments.Add(_description);
        foreach (var option in new Option[]
        {
            _useCase, _users, _qps, _peak, _gpu, _model, _modelConfig, _quant, _kvCacheDtype, _budget, _deployment, _provider, _pricing,
            _latency, _cost, _accuracy, _oldLatency, _oldCost, _oldAccuracy, _ttft, _itl, _e2e, _percentile, _promptTokens, _outputTokens, _headroom, _redundancy, _top,
        })
        {
            Options.Add(option);
        }

        _llm.AddTo(this);
        _format.AddTo(this);
        Options.Add(_explain);
        Options.Add(_noVerify);
        Options.Add(_save);
        _manifests.AddTo(this);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var words = result.GetValue(_description) ?? [];
        if (words.Length > 1)
        {
            throw new CliException($"Give the description as one quoted argument (got {words.Length} words). Example: compass plan \"chatbot for 500 users\"");
        }

        var description = words.Length == 1 ? words[0] : null;
        if (description is not null && string.IsNullOrWhiteSpace(description))
        {
            throw new CliException("The description is empty. Describe the workload, e.g. compass plan \"chatbot for 500 users\".");
        }

        var knowledgeBase = _context.KnowledgeBase(result);
        var format = _format.Read(result);

        // The output folder is checked before anything is planned or printed, so a refused folder costs nothing.
        _manifests.Check(result, needsOut: true);
        var saveAs = result.GetValue(_save);
        if (saveAs is not null && (knowledgeBase is null || string.IsNullOrWhiteSpace(saveAs)))
        {
            throw new CliException(knowledgeBase is null
                ? "--save keeps the plan in the PostgreSQL knowledge base: add --kb postgres://user@host/db (or set COMPASS_KB)."
                : "--save needs a name for the plan, e.g. --save support-bot.");
        }

        var verify = !result.GetValue(_noVerify);
        await using var services = _llm.Services(result, knowledgeBase, o => o.VerifyBySimulation = verify);
        var service = services.GetRequiredService<PlanningService>();
        StartupTrace.Mark("services built");
        var catalog = await service.GetCatalogAsync(cancellationToken).ConfigureAwait(false);
        StartupTrace.Mark("knowledge base loaded");
        var overrides = ReadOverrides(result, catalog);
        PlanOutcome outcome;
        using (_context.Status("planning"))
        {
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
        }

        StartupTrace.Mark("planned");

        // Each option's single-VM alternative, priced from the VM catalog beside its Kubernetes GPU-hours.
        var instances = CloudInstanceCatalog.Embedded;
        var vms = new SingleVmPricer(catalog, instances).Price(outcome.Plan);

        // The JSON form only when something needs it: converting a plan costs more than printing its table.
        JsonObject? node = null;
        if (format == OutputFormat.Json || saveAs is not null)
        {
            node = PlanOutcomeJson.ToJsonObject(outcome);
            SingleVmJson.AddTo(node, vms);
        }

        Guid? savedId = null;
        if (saveAs is not null)
        {
            await using var database = DbCommands.Open(knowledgeBase!);
            savedId = await new PlanStore(database).SaveAsync(saveAs.Trim(), description ?? string.Empty, node!.ToJsonString(CompassJson.Compact), cancellationToken).ConfigureAwait(false);
        }

        var stdout = _context.Stdout;
        switch (format)
        {
            case OutputFormat.Json:
                if (savedId is { } id)
                {
                    node!["savedPlanId"] = id.ToString();
                }

                await stdout.WriteLineAsync(node!.ToJsonString(CompassJson.Options)).ConfigureAwait(false);
                break;
            case OutputFormat.Markdown:
                PlanTables.WriteMarkdown(stdout, outcome.Plan, vms, [.. instances.Providers.Select(p => p.Value)]);
                break;
            case OutputFormat.Csv:
                PlanTables.WriteCsv(stdout, outcome.Plan, vms, [.. instances.Providers.Select(p => p.Value)]);
                break;
            default:
                PlanPrinter.Print(stdout, outcome, _context.Width, result.GetValue(_explain), vms);
                if (savedId is { } saved)
                {
                    await stdout.WriteLineAsync($"  Saved as plan {saved} ('{saveAs!.Trim()}') in {knowledgeBase!.Describe()}.").ConfigureAwait(false);
                }

                break;
        }

        StartupTrace.Mark("printed");
        if (outcome.Plan.Recommendations.IsEmpty)
        {
            return ExitCodes.NoFeasiblePlan;
        }

        if (result.GetValue(_manifests.Out) is not null)
        {
            // Machine-readable output goes to stdout, so the manifest summary must not mix into it.
            var summary = format == OutputFormat.Table ? stdout : TextWriter.Null;
            await _manifests.WriteAsync(outcome.Plan, 1, result, summary, catalog, cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private PlanOverrides ReadOverrides(ParseResult result, KnowledgeCatalog catalog)
    {
        var models = result.GetValue(_model) ?? [];
        var additional = ImmutableArray<ModelSpec>.Empty;
        if (result.GetValue(_modelConfig) is { } path)
        {
            additional = [ReadModelConfig(path, models is [var only] ? only : null)];
        }

        var modelIds = additional.IsEmpty
            ? (models.Count > 0 ? SpecificationBuilder.ResolveModels(catalog, models) : (ImmutableArray<ModelId>?)null)
            : null;
        var gpus = result.GetValue(_gpu) ?? [];
        var quants = result.GetValue(_quant) ?? [];
        return new PlanOverrides
        {
            UseCase = result.GetValue(_useCase) is { } u ? catalog.ResolveUseCase(u).Id : null,
            Users = result.GetValue(_users),
            Qps = result.GetValue(_qps),
            PeakMultiplier = result.GetValue(_peak),
            Gpus = gpus.Count > 0 ? SpecificationBuilder.ResolveGpus(catalog, gpus) : null,
            Models = modelIds,
            AdditionalModels = additional,
            Quantizations = quants.Count > 0 ? [.. quants.Select(ParseQuantization)] : null,
            KvCacheDtype = result.GetValue(_kvCacheDtype) is { } kv ? ConfigurationOptions.ParseKvCacheDtype(kv) : null,
            MaxMonthlyCostUsd = result.GetValue(_budget),
            DeploymentModel = result.GetValue(_deployment),
            Provider = result.GetValue(_provider) is { } p ? ParseProvider(p, catalog) : null,
            PricingTier = result.GetValue(_pricing),
            LatencyPriority = result.GetValue(_latency),
            CostPriority = result.GetValue(_cost),
            AccuracyPriority = result.GetValue(_accuracy),
            TtftMs = result.GetValue(_ttft),
            ItlMs = result.GetValue(_itl),
            E2eMs = result.GetValue(_e2e),
            Percentile = result.GetValue(_percentile),
            PromptTokens = ParseDistribution(result.GetValue(_promptTokens), "prompt-tokens", TokenLengthRole.Prompt),
            OutputTokens = ParseDistribution(result.GetValue(_outputTokens), "output-tokens", TokenLengthRole.Output),
            Headroom = result.GetValue(_headroom),
            RedundantReplicas = result.GetValue(_redundancy),
            Top = result.GetValue(_top),
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

    private static TokenDistribution? ParseDistribution(string? text, string option, TokenLengthRole role)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return TokenDistribution.Parse(text, role);
        }
        catch (FormatException ex)
        {
            throw new CliException($"--{option}: {ex.Message}");
        }
    }
}
