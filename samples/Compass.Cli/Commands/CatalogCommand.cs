using System.Globalization;
using System.Text.Json;
using Compass.Cli.Output;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;

namespace Compass.Cli.Commands;

/// <summary><c>compass catalog models|gpus|use-cases [--json]</c>: what the knowledge base holds.</summary>
internal static class CatalogCommand
{
    public const string Usage = """
        Usage: compass catalog models|gpus|use-cases [--json]

        Lists the models, GPUs or use cases in the knowledge base.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, KnowledgeCatalog catalog)
    {
        var line = CommandLine.Parse("catalog", args, [], ["json"]);
        if (line.Positionals.Count != 1)
        {
            throw new CliException("Say what to list: compass catalog models, compass catalog gpus or compass catalog use-cases.");
        }

        var json = line.Has("json");
        switch (line.Positionals[0].ToLowerInvariant())
        {
            case "models":
                if (json)
                {
                    await stdout.WriteLineAsync(JsonSerializer.Serialize(catalog.Models, CompassJson.Options)).ConfigureAwait(false);
                    break;
                }

                var models = new Table(("Model", false), ("Params", true), ("Active", true), ("Layers", true), ("KV heads", true), ("Context", true), ("Formats", false), ("License", false));
                foreach (var m in catalog.Models.OrderBy(m => m.Architecture.Parameters))
                {
                    var a = m.Architecture;
                    models.Add(m.Id.Value, F($"{a.Parameters / 1e9:0.#}B"), F($"{a.ActiveParameters / 1e9:0.#}B"), F($"{a.Layers}"), F($"{a.KvHeads}"),
                        F($"{a.MaxContext:N0}"), string.Join(",", m.Quantizations.Select(q => q.Quantization.Value)), m.License);
                }

                models.Write(stdout);
                break;
            case "gpus":
                if (json)
                {
                    await stdout.WriteLineAsync(JsonSerializer.Serialize(catalog.Gpus, CompassJson.Options)).ConfigureAwait(false);
                    break;
                }

                var gpus = new Table(("GPU", false), ("Memory GiB", true), ("HBM GB/s", true), ("BF16 TFLOPS", true), ("FP8 TFLOPS", true), ("Link GB/s", true),
                    ("TDP W", true), ("From $/h", true), ("Node label", false));
                foreach (var g in catalog.Gpus.OrderBy(g => g.MemoryBandwidthGBps))
                {
                    var cheapest = g.RentalPrices.Where(p => p.Tier == Core.PricingTier.OnDemand).MinBy(p => p.UsdPerGpuHour);
                    gpus.Add(g.Type.Value, F($"{g.MemoryGiB:0.#}"), F($"{g.MemoryBandwidthGBps:N0}"), F($"{g.Bf16Tflops:0.#}"), g.Fp8Tflops is { } f ? F($"{f:0.#}") : "-",
                        F($"{g.InterconnectGBps:0}"), F($"{g.TdpWatts:0}"), cheapest is null ? "-" : F($"{cheapest.UsdPerGpuHour:0.00}"), $"{g.NodeSelectorKey}={g.NodeSelectorValue}");
                }

                gpus.Write(stdout);
                break;
            case "use-cases":
            case "usecases":
                if (json)
                {
                    await stdout.WriteLineAsync(JsonSerializer.Serialize(catalog.UseCases, CompassJson.Options)).ConfigureAwait(false);
                    break;
                }

                var cases = new Table(("Use case", false), ("Experience", false), ("TTFT ms", true), ("ITL ms", true), ("E2E s", true), ("Prompt→output", false),
                    ("Active", true), ("Req/user/min", true), ("Peak ×", true));
                foreach (var u in catalog.UseCases)
                {
                    var slo = u.Slo;
                    var wl = u.Workload;
                    cases.Add(u.Id.Value, u.ExperienceClass.Value, F($"{slo.TtftMs.Default:0}"), F($"{slo.ItlMs.Default:0}"), F($"{slo.E2eMs.Default / 1000:0.#}"),
                        F($"{wl.PromptTokens.Mean:0}→{wl.OutputTokens.Mean:0}"), F($"{wl.ActiveFraction * 100:0.#}%"), F($"{wl.RequestsPerActiveUserPerMinute:0.##}"), F($"{wl.PeakMultiplier:0.#}"));
                }

                cases.Write(stdout);
                await stdout.WriteLineAsync("(default p95 targets, for medium latency priority; 'compass catalog use-cases --json' shows ranges and sources)").ConfigureAwait(false);
                break;
            default:
                throw new CliException($"Unknown list '{line.Positionals[0]}'. Use models, gpus or use-cases.");
        }

        return ExitCodes.Success;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
