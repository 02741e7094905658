using Compass.Core;

namespace Compass.Planning.Service;

/// <summary>The result of planning from a description: what was extracted, and the plan.</summary>
/// <param name="Extraction">The extraction (null when planning from a structured intent).</param>
/// <param name="Plan">The plan.</param>
public sealed record PlanOutcome(IntentExtraction? Extraction, Plan Plan);
