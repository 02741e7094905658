namespace Compass.Simulator;

/// <summary>
/// The bounds of every numeric setting. Each keeps a value inside what vLLM accepts or what a simulator on one machine
/// can sensibly hold: a zero, negative or absurd value is refused at start-up with a message naming the setting.
/// </summary>
internal static class OptionLimits
{
    public const double OneDaySeconds = 24 * 60 * 60;

    public static readonly NumericLimit TensorParallel = new(nameof(CompassSimulatorOptions.TensorParallel), 1, 64, Integer: true);

    public static readonly NumericLimit MaxModelLen = new(nameof(CompassSimulatorOptions.MaxModelLen), 1, 10_000_000, Integer: true);

    public static readonly NumericLimit MaxNumSeqs = new(nameof(CompassSimulatorOptions.MaxNumSeqs), 1, 100_000, Integer: true);

    public static readonly NumericLimit MaxNumBatchedTokens = new(nameof(CompassSimulatorOptions.MaxNumBatchedTokens), 1, 10_000_000, Integer: true);

    public static readonly NumericLimit GpuMemoryUtilization = new(nameof(CompassSimulatorOptions.GpuMemoryUtilization), 0.05, 1.0, Integer: false);

    public static readonly NumericLimit StartupDelay = new(nameof(CompassSimulatorOptions.StartupDelay), 0, OneDaySeconds, Integer: false, Unit: "seconds");

    public static readonly NumericLimit MaxRequestBodyBytes = new(nameof(CompassSimulatorOptions.MaxRequestBodyBytes), 1, 256 * 1024 * 1024, Integer: true);

    public static readonly NumericLimit FaultRate = new(nameof(CompassSimulatorOptions.FaultRate), 0, 1, Integer: false);

    public static readonly NumericLimit FaultStatusCode = new(nameof(CompassSimulatorOptions.FaultStatusCodes), 400, 599, Integer: true);

    public static readonly NumericLimit MaxWaitingRequests = new(nameof(CompassSimulatorOptions.MaxWaitingRequests), 0, 1_000_000, Integer: true);

    public static readonly NumericLimit SlowStart = new(nameof(CompassSimulatorOptions.SlowStartDuration), 0, OneDaySeconds, Integer: false, Unit: "seconds");

    public static readonly NumericLimit SlowStartFactor = new(nameof(CompassSimulatorOptions.SlowStartFactor), 1, 1000, Integer: false);

    public static readonly NumericLimit Port = new(nameof(SimulatorHostSettings.Port), 0, 65535, Integer: true);

    public static readonly NumericLimit Seed = new(nameof(CompassSimulatorOptions.Seed), int.MinValue, int.MaxValue, Integer: true);

    public static readonly NumericLimit MaxConnections = new(nameof(SimulatorHostSettings.MaxConnections), 1, 1_000_000, Integer: true);
}
