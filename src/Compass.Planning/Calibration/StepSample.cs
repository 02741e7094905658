using Compass.Core;
using Compass.Planning.Engine;

namespace Compass.Planning.Calibration;

/// <summary>What kind of step a measurement timed.</summary>
internal enum StepPhase
{
    /// <summary>Prompts only: a batch of prompts, each attending to itself.</summary>
    Prefill,

    /// <summary>Decodes only: one token for each sequence against its KV cache.</summary>
    Decode,

    /// <summary>A chunked-prefill engine step: a prefill chunk and decode tokens together.</summary>
    Mixed,
}

/// <summary>
/// One measured step's GPU work (kernels only, without the serving engine's CPU overhead) on one GPU class: what the
/// step-time model's <see cref="StepTiming.GpuMs"/> predicts.
/// </summary>
/// <param name="Model">The model shape that was timed.</param>
/// <param name="Quantization">The weight format.</param>
/// <param name="Gpu">The GPU class.</param>
/// <param name="TensorParallel">The tensor-parallel degree.</param>
/// <param name="Phase">The kind of step.</param>
/// <param name="Batch">What the step ran.</param>
/// <param name="MeasuredMs">The measured GPU time (a median), in milliseconds.</param>
/// <param name="Label">A short description for tables, e.g. "decode B=32 C=2048".</param>
internal sealed record StepSample(ModelSpec Model, Quantization Quantization, GpuType Gpu, int TensorParallel, StepPhase Phase, StepBatch Batch, double MeasuredMs, string Label)
{
    /// <summary>A prefill of <paramref name="batch"/> prompts of <paramref name="promptTokens"/> tokens, sampling the last token of each.</summary>
    /// <param name="model">The model.</param>
    /// <param name="gpu">The GPU class.</param>
    /// <param name="batch">Prompts.</param>
    /// <param name="promptTokens">Tokens per prompt.</param>
    /// <param name="measuredMs">The measured time.</param>
    /// <returns>The sample (BF16, TP 1).</returns>
    public static StepSample Prefill(ModelSpec model, GpuType gpu, int batch, int promptTokens, double measuredMs)
    {
        var one = StepBatch.Prefill(promptTokens);
        var step = default(StepBatch);
        for (var i = 0; i < batch; i++)
        {
            step += one;
        }

        return new(model, Quantization.Bf16, gpu, 1, StepPhase.Prefill, step, measuredMs, $"prefill B={batch} P={promptTokens}");
    }

    /// <summary>A decode step of <paramref name="batch"/> sequences, each with <paramref name="context"/> cached tokens.</summary>
    /// <param name="model">The model.</param>
    /// <param name="gpu">The GPU class.</param>
    /// <param name="batch">Sequences.</param>
    /// <param name="context">Cached tokens per sequence.</param>
    /// <param name="measuredMs">The measured time.</param>
    /// <returns>The sample (BF16, TP 1).</returns>
    public static StepSample Decode(ModelSpec model, GpuType gpu, int batch, int context, double measuredMs)
        => new(model, Quantization.Bf16, gpu, 1, StepPhase.Decode, StepBatch.Decode(batch, (long)batch * context), measuredMs, $"decode B={batch} C={context}");

    /// <summary>A chunked-prefill step: a chunk of <paramref name="chunk"/> new tokens of one prompt plus <paramref name="decodes"/> decodes at <paramref name="context"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="gpu">The GPU class.</param>
    /// <param name="chunk">New prompt tokens in the chunk (attending to themselves only).</param>
    /// <param name="decodes">Decode sequences.</param>
    /// <param name="context">Cached tokens per decode sequence.</param>
    /// <param name="measuredMs">The measured time.</param>
    /// <returns>The sample (BF16, TP 1).</returns>
    public static StepSample Mixed(ModelSpec model, GpuType gpu, int chunk, int decodes, int context, double measuredMs)
        => new(model, Quantization.Bf16, gpu, 1, StepPhase.Mixed, StepBatch.Prefill(chunk) + StepBatch.Decode(decodes, (long)decodes * context), measuredMs, $"mixed chunk={chunk} B={decodes} C={context}");
}
