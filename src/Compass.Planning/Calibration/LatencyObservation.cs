using Compass.Core;

namespace Compass.Planning.Calibration;

/// <summary>
/// One real measurement of a whole batch on one GPU class (vLLM's <c>benchmark_latency</c>: a batch's prefill and all
/// its decode steps), ready to be predicted with any coefficients.
/// </summary>
/// <param name="Id">The measurement's id.</param>
/// <param name="Gpu">The GPU class.</param>
/// <param name="Group">What the measurement shows (e.g. the model), for holding groups out.</param>
/// <param name="MeasuredMs">The measured time, in milliseconds.</param>
/// <param name="Predict">Predicts the time with given coefficients.</param>
/// <param name="TensorParallel">The tensor-parallel degree of the run.</param>
internal sealed record LatencyObservation(string Id, GpuType Gpu, string Group, double MeasuredMs, Func<EngineCoefficients, double> Predict, int TensorParallel = 1);
