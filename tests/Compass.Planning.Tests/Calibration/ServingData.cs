using Compass.Planning.Calibration;

namespace Compass.Planning.Tests.Calibration;

/// <summary>Real serving runs (tests/data/real) and what they calibrate.</summary>
internal static class ServingData
{
    /// <summary>Gets the engine overhead fitted on real serving runs, or null for the prior.</summary>
    public static EngineOverhead? Overhead => null;
}
