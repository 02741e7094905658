using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Memory;

namespace Compass.Planning.Engine;

/// <summary>Computes a <see cref="ConfigurationEstimate"/>: the physics step times and memory of one configuration.</summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class ConfigurationEstimator
{
    /// <summary>Estimates one replica of a configuration.</summary>
    /// <param name="catalog">The catalog (for the GPU's engine coefficients).</param>
    /// <param name="model">The model.</param>
    /// <param name="quantization">The weight format.</param>
    /// <param name="gpu">The GPU.</param>
    /// <param name="tensorParallel">The tensor parallelism.</param>
    /// <param name="kvCacheDtype">The KV-cache format.</param>
    /// <param name="batch">The batch size, in sequences.</param>
    /// <param name="promptTokens">The prompt length, in tokens.</param>
    /// <param name="contextTokens">The decode step's context length, in tokens.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The configuration does not fit the GPU, or a count is not positive.</exception>
    public static ConfigurationEstimate Estimate(
        KnowledgeCatalog catalog, ModelSpec model, Quantization quantization, GpuSpec gpu, int tensorParallel, KvCacheFormat kvCacheDtype,
        int batch, int promptTokens, int contextTokens)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(promptTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextTokens, 1);
        var limits = new ServingLimits { KvCacheDtype = kvCacheDtype };
        var coefficients = EngineProfiles.CoefficientsFor(catalog, gpu.Type);
        var profile = EngineProfiles.Create(model, quantization, gpu, tensorParallel, coefficients, limits);
        var memory = MemoryModel.Compute(model, quantization, gpu, tensorParallel, contextTokens, limits);
        var (prefill, steps) = Prefill(profile, batch, promptTokens);
        var decode = profile.StepTime.Predict(StepBatch.Decode(batch, (long)batch * contextTokens));
        return new ConfigurationEstimate(model, quantization, gpu, tensorParallel, kvCacheDtype, batch, promptTokens, contextTokens, prefill, steps, decode, memory, coefficients);
    }

    // Prefill of B prompts as vLLM schedules it: chunks of at most max-num-batched-tokens per step, first come first.
    private static (StepTiming Total, int Steps) Prefill(EngineProfile profile, int batch, int prompt)
    {
        var budget = profile.Limits.MaxNumBatchedTokens;
        var total = default(StepTiming);
        var steps = 0;
        var sequence = 0;
        var done = 0;
        while (sequence < batch)
        {
            var step = default(StepBatch);
            var room = budget;
            var seqs = 0;
            while (room > 0 && sequence < batch && seqs < profile.Limits.MaxNumSeqs)
            {
                var chunk = Math.Min(room, prompt - done);
                step += StepBatch.Prefill(chunk, done);
                room -= chunk;
                seqs++;
                done += chunk;
                if (done == prompt)
                {
                    sequence++;
                    done = 0;
                }
            }

            total = total.Plus(profile.StepTime.Predict(step));
            steps++;
        }

        return (total, steps);
    }
}
