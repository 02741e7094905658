namespace Compass.Planning.Simulation;

/// <summary>What a step of the <see cref="SteppingEngine"/> produced when it ended.</summary>
/// <param name="EndMs">When the step ended, in ms.</param>
/// <param name="Emissions">One entry per request that emitted a token, in the engine's running order.</param>
public sealed record StepCompletion(double EndMs, IReadOnlyList<TokenEmission> Emissions);
