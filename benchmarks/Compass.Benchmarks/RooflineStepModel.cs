using Compass.Planning.Engine;

namespace Compass.Benchmarks;

/// <summary>
/// A fixed roofline step-time model shaped like an 8B dense model in BF16 on one H100 (the simulation benchmark's
/// stand-in for the calibrated model): compute at about half of peak for 2 × 8 G FLOPs per token plus attention,
/// memory for 16 GB of weights plus 128 KiB of KV per cached token read at 80 % of 3.35 TB/s, and a fixed plus
/// per-sequence engine overhead. About 8 ms for a lone decode, 25 ms for a 512-token prefill.
/// </summary>
internal sealed class RooflineStepModel : IStepTimeModel
{
    public StepTiming Predict(in StepBatch batch)
    {
        var compute = (batch.TotalTokens * 0.0324) + (batch.PrefillAttentionPairs * 1.05e-6);
        var memory = 5.97 + ((batch.DecodeContextTokens + batch.PrefillContextTokens) * 4.9e-5);
        return new StepTiming(compute, memory, 0, 1.5 + (0.02 * batch.Sequences));
    }
}
