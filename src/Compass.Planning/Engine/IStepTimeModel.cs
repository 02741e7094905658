namespace Compass.Planning.Engine;

/// <summary>Predicts how long one engine step of one replica takes for the batch it runs.</summary>
/// <remarks>
/// Implementations are pure and thread-safe, and never decrease when any field of the batch grows (the simulator and
/// the capacity search rely on it).
/// </remarks>
public interface IStepTimeModel
{
    /// <summary>Predicts a step.</summary>
    /// <param name="batch">What the step runs.</param>
    /// <returns>Its duration and breakdown.</returns>
    StepTiming Predict(in StepBatch batch);
}
