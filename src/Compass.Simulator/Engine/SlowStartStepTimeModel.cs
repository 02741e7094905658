using Compass.Planning.Engine;

namespace Compass.Simulator.Engine;

/// <summary>Wraps a step-time model and multiplies its predictions by a factor the engine loop sets before each step (slow start).</summary>
internal sealed class SlowStartStepTimeModel(IStepTimeModel inner) : IStepTimeModel
{
    public double Factor { get; set; } = 1;

    public StepTiming Predict(in StepBatch batch)
    {
        var t = inner.Predict(in batch);
        var f = Factor;
        return f == 1 ? t : new StepTiming(t.ComputeMs * f, t.MemoryMs * f, t.CommunicationMs * f, t.OverheadMs * f);
    }
}
