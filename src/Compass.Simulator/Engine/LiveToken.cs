using Compass.Planning.Simulation;

namespace Compass.Simulator.Engine;

/// <summary>A token on its way to a stream: what the engine emitted and when its step was scheduled to end (engine clock, ms).</summary>
/// <param name="Emission">The emission.</param>
/// <param name="ScheduledMs">The scheduled end of the step that produced it.</param>
internal readonly record struct LiveToken(TokenEmission Emission, double ScheduledMs);
