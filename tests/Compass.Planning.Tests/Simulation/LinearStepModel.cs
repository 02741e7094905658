using Compass.Planning.Engine;

namespace Compass.Planning.Tests.Simulation;

/// <summary>A fake step-time model: β0 + β1 · prefill tokens + β2 · decode sequences, in ms.</summary>
internal sealed class LinearStepModel(double beta0, double beta1, double beta2) : IStepTimeModel
{
    public double Beta0 { get; } = beta0;

    public double Beta1 { get; } = beta1;

    public double Beta2 { get; } = beta2;

    public StepTiming Predict(in StepBatch batch)
        => new(Beta1 * batch.PrefillTokens, 0, 0, Beta0 + (Beta2 * batch.DecodeSequences));

    public double PrefillMs(int tokens) => Beta0 + (Beta1 * tokens);
}

/// <summary>A step-time model that remembers every batch it was asked about.</summary>
internal sealed class RecordingStepModel(IStepTimeModel inner) : IStepTimeModel
{
    public List<StepBatch> Batches { get; } = [];

    public StepTiming Predict(in StepBatch batch)
    {
        Batches.Add(batch);
        return inner.Predict(batch);
    }
}
