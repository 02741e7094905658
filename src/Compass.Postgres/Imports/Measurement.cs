using Compass.Core;
using Compass.Core.Knowledge;

namespace Compass.Postgres.Imports;

/// <summary>
/// One load of a report (GuideLLM, vLLM bench, compass loadtest) before its run is known: a report states the token
/// lengths it measured at each load, which wander a little, while a run has one profile. <see cref="AddRuns"/> gives the
/// loads of one configuration the profile the report requested, or else their mean, rounded to whole tokens (standard
/// deviations to 0.1), so that a sweep is one run.
/// </summary>
internal sealed record Measurement(
    ModelMatch Model,
    Quantization Quantization,
    GpuSpec Gpu,
    int TensorParallel,
    double? PromptTokens,
    double? PromptTokensStdDev,
    double? OutputTokens,
    double? OutputTokensStdDev,
    double RequestRate,
    int? Concurrency,
    double AchievedRate,
    double OutputTokensPerSecond,
    Latencies Latencies)
{
    public static void AddRuns(ImportContext context, IReadOnlyList<Measurement> loads, (double Prompt, double Output)? requested, string engine, string engineVersion, string provenance, string source)
    {
        foreach (var group in loads.GroupBy(m => (m.Model.Spec.Id, m.Quantization, m.Gpu.Type, m.TensorParallel)))
        {
            var prompt = requested?.Prompt ?? Mean(group.Select(m => m.PromptTokens), 0);
            var output = requested?.Output ?? Mean(group.Select(m => m.OutputTokens), 0);
            if (prompt is not > 0 || output is not > 0)
            {
                throw context.Error(null, "prompt_tokens", "the report does not say how many prompt and output tokens the requests had; it cannot be imported as a benchmark run.");
            }

            var first = group.First();
            var run = context.Run(first.Model, first.Quantization, first.Gpu, first.TensorParallel, engine, engineVersion, provenance, source,
                prompt.Value, Mean(group.Select(m => m.PromptTokensStdDev), 1) ?? 0, output.Value, Mean(group.Select(m => m.OutputTokensStdDev), 1) ?? 0);
            foreach (var load in group)
            {
                context.Point(run, load.RequestRate, load.Concurrency, load.AchievedRate, load.OutputTokensPerSecond, load.Latencies);
            }
        }
    }

    private static double? Mean(IEnumerable<double?> values, int digits)
    {
        var known = values.OfType<double>().Where(double.IsFinite).ToList();
        return known.Count == 0 ? null : Math.Round(known.Average(), digits, MidpointRounding.AwayFromZero);
    }
}
