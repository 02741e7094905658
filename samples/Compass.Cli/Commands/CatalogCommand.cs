using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Compass.Cli.Diagnostics;
using Compass.Cli.Output;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;

namespace Compass.Cli.Commands;

/// <summary><c>compass catalog models|gpus|use-cases [--format F]</c>: what the knowledge base holds.</summary>
internal sealed class CatalogCommand : Command
{
    private readonly CliContext _context;
    private readonly FormatOptions _format = new();
    private readonly Argument<string[]> _list = new("list") { Description = "models, gpus or use-cases", Arity = ArgumentArity.ZeroOrMore };

    public CatalogCommand(CliContext context)
        : base("catalog", "List the models, GPUs or use cases in the knowledge base.")
    {
        _context = context;
        _list.CompletionSources.Add("models", "gpus", "use-cases");
        Arguments.Add(_list);
        _format.AddTo(this);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var lists = result.GetValue(_list) ?? [];
        if (lists.Length != 1)
        {
            throw new CliException("Say what to list: compass catalog models, compass catalog gpus or compass catalog use-cases.");
        }

        var format = _format.Read(result);
        var stdout = _context.Stdout;
        var knowledgeBase = _context.KnowledgeBase(result);
        Table table;
        object json;
        var useCases = false;
        switch (lists[0].ToLowerInvariant())
        {
            case "models":
                var models = await CliServices.ReadAsync(knowledgeBase, (kb, ct) => kb.GetModelsAsync(ct), cancellationToken).ConfigureAwait(false);
                (table, json) = (Models(models), models);
                break;
            case "gpus":
                var gpus = await CliServices.ReadAsync(knowledgeBase, (kb, ct) => kb.GetGpusAsync(ct), cancellationToken).ConfigureAwait(false);
                (table, json) = (Gpus(gpus), gpus);
                break;
            case "use-cases" or "usecases":
                var templates = await CliServices.ReadAsync(knowledgeBase, (kb, ct) => kb.GetUseCasesAsync(ct), cancellationToken).ConfigureAwait(false);
                (table, json, useCases) = (UseCases(templates), templates, true);
                break;
            default:
                throw new CliException($"Unknown list '{lists[0]}'. Use models, gpus or use-cases.");
        }

        StartupTrace.Mark("knowledge base loaded");
        switch (format)
        {
            case OutputFormat.Json:
                await stdout.WriteLineAsync(JsonSerializer.Serialize(json, CompassJson.Writing)).ConfigureAwait(false);
                break;
            case OutputFormat.Markdown:
                table.WriteMarkdown(stdout);
                break;
            case OutputFormat.Csv:
                table.WriteCsv(stdout);
                break;
            default:
                table.Write(stdout);
                if (useCases)
                {
                    await stdout.WriteLineAsync("(default p95 targets, for medium latency priority; 'compass catalog use-cases --json' shows ranges and sources)").ConfigureAwait(false);
                }

                break;
        }

        StartupTrace.Mark("printed");
        return ExitCodes.Success;
    }

    private static Table Models(IReadOnlyList<ModelSpec> catalog)
    {
        var models = new Table(("Model", false), ("Params", true), ("Active", true), ("Layers", true), ("KV heads", true), ("Context", true), ("Formats", false), ("License", false));
        foreach (var m in catalog.OrderBy(m => m.Architecture.Parameters))
        {
            var a = m.Architecture;
            models.Add(m.Id.Value, F($"{a.Parameters / 1e9:0.#}B"), F($"{a.ActiveParameters / 1e9:0.#}B"), F($"{a.Layers}"), F($"{a.KvHeads}"),
                F($"{a.MaxContext:N0}"), string.Join(",", m.Quantizations.Select(q => q.Quantization.Value)), m.License);
        }

        return models;
    }

    private static Table Gpus(IReadOnlyList<GpuSpec> catalog)
    {
        var gpus = new Table(("GPU", false), ("Memory GiB", true), ("HBM GB/s", true), ("BF16 TFLOPS", true), ("FP8 TFLOPS", true), ("Link GB/s", true),
            ("TDP W", true), ("From $/h", true), ("Node label", false));
        foreach (var g in catalog.OrderBy(g => g.MemoryBandwidthGBps))
        {
            var cheapest = g.RentalPrices.Where(p => p.Tier == Core.PricingTier.OnDemand).MinBy(p => p.UsdPerGpuHour);
            gpus.Add(g.Type.Value, F($"{g.MemoryGiB:0.#}"), F($"{g.MemoryBandwidthGBps:N0}"), F($"{g.Bf16Tflops:0.#}"), g.Fp8Tflops is { } f ? F($"{f:0.#}") : "-",
                F($"{g.InterconnectGBps:0}"), F($"{g.TdpWatts:0}"), cheapest is null ? "-" : F($"{cheapest.UsdPerGpuHour:0.00}"), $"{g.NodeSelectorKey}={g.NodeSelectorValue}");
        }

        return gpus;
    }

    private static Table UseCases(IReadOnlyList<UseCaseTemplate> catalog)
    {
        var cases = new Table(("Use case", false), ("Experience", false), ("TTFT ms", true), ("ITL ms", true), ("E2E s", true), ("Prompt→output", false),
            ("Active", true), ("Req/user/min", true), ("Peak ×", true));
        foreach (var u in catalog)
        {
            var slo = u.Slo;
            var wl = u.Workload;
            cases.Add(u.Id.Value, u.ExperienceClass.Value, F($"{slo.TtftMs.Default:0}"), F($"{slo.ItlMs.Default:0}"), F($"{slo.E2eMs.Default / 1000:0.#}"),
                F($"{wl.PromptTokens.Mean:0}→{wl.OutputTokens.Mean:0}"), F($"{wl.ActiveFraction * 100:0.#}%"), F($"{wl.RequestsPerActiveUserPerMinute:0.##}"), F($"{wl.PeakMultiplier:0.#}"));
        }

        return cases;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
