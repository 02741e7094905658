using Compass.Planning.Engine;

namespace Compass.Planning.Simulation;

/// <summary>A step the <see cref="SteppingEngine"/> started: when, until when, and what it runs.</summary>
/// <param name="StartMs">When the step started, in ms on the caller's clock.</param>
/// <param name="EndMs">When it ends: <paramref name="StartMs"/> plus the step-time model's prediction for <paramref name="Batch"/>.</param>
/// <param name="Batch">What the step runs.</param>
public readonly record struct StepStart(double StartMs, double EndMs, StepBatch Batch)
{
    /// <summary>Gets the step's duration in ms.</summary>
    public double DurationMs => EndMs - StartMs;
}
