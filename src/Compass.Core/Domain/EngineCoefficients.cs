using System.Collections.Immutable;

namespace Compass.Core;

/// <summary>A fitted factor on GPU work for one weight format.</summary>
/// <param name="Quantization">The format.</param>
/// <param name="Factor">The factor (1 = the roofline exactly).</param>
/// <param name="Points">How many benchmark points it was fitted on.</param>
public sealed record FormatFactor(Quantization Quantization, double Factor, int Points);


/// <summary>
/// The calibrated constants of the step-time model for one GPU class: how close to datasheet peak each kind of work
/// runs, and the fixed costs of the serving engine. Fitted from data by Compass.Planning's engine calibrator; the shipped values
/// live in the knowledge base's <c>engine-calibration.json</c> with their provenance.
/// </summary>
public sealed record EngineCoefficients
{
    /// <summary>Gets the GPU class the values were fitted for.</summary>
    public required GpuType Gpu { get; init; }

    /// <summary>Gets the fraction of peak tensor FLOP/s the dense (GEMM) layers reach.</summary>
    public required double GemmEfficiency { get; init => field = Guard.Fraction(value, nameof(GemmEfficiency)); }

    /// <summary>Gets the fraction of peak FLOP/s the attention kernels reach.</summary>
    public required double AttentionEfficiency { get; init => field = Guard.Fraction(value, nameof(AttentionEfficiency)); }

    /// <summary>Gets the fraction of peak memory bandwidth weight and KV-cache reads reach.</summary>
    public required double MemoryEfficiency { get; init => field = Guard.Fraction(value, nameof(MemoryEfficiency)); }

    /// <summary>
    /// Gets, per weight format, the factor on memory-bound GPU work that the format's kernels need beyond the roofline
    /// (dequantization, less mature kernels); 1 where none is listed.
    /// </summary>
    public ImmutableArray<FormatFactor> FormatFactors { get; init; } = [];

    /// <summary>Gets the GPU-work factor for a weight format (1 when none was fitted).</summary>
    /// <param name="quantization">The format.</param>
    /// <returns>The factor.</returns>
    public double FormatFactor(Quantization quantization)
    {
        foreach (var f in FormatFactors)
        {
            if (f.Quantization == quantization)
            {
                return f.Factor;
            }
        }

        return 1;
    }

    /// <summary>Gets the fraction of interconnect bandwidth a tensor-parallel all-reduce reaches.</summary>
    public required double CommunicationEfficiency { get; init => field = Guard.Fraction(value, nameof(CommunicationEfficiency)); }

    /// <summary>Gets the fixed latency of one all-reduce, in microseconds.</summary>
    public required double AllReduceLatencyUs { get; init => field = Guard.NonNegativeFinite(value, nameof(AllReduceLatencyUs)); }

    /// <summary>Gets the engine's fixed cost per step (scheduling, sampling, launch), in milliseconds.</summary>
    public required double StepOverheadMs { get; init => field = Guard.NonNegativeFinite(value, nameof(StepOverheadMs)); }

    /// <summary>Gets the engine's cost per layer in a step (kernel launches and synchronisation), in microseconds.</summary>
    public double LayerOverheadUs { get; init => field = Guard.NonNegativeFinite(value, nameof(LayerOverheadUs)); }

    /// <summary>Gets the engine's cost per sequence in a step (input preparation, sampling), in microseconds.</summary>
    public required double SequenceOverheadUs { get; init => field = Guard.NonNegativeFinite(value, nameof(SequenceOverheadUs)); }

    /// <summary>Gets the time from a request's arrival to its entering the wait queue, in milliseconds.</summary>
    public required double RequestOverheadMs { get; init => field = Guard.NonNegativeFinite(value, nameof(RequestOverheadMs)); }

    /// <summary>Gets the time added to each emitted token (detokenization, streaming), in milliseconds.</summary>
    public required double OutputTokenOverheadMs { get; init => field = Guard.NonNegativeFinite(value, nameof(OutputTokenOverheadMs)); }

    /// <summary>Gets where the values come from, for the user.</summary>
    public required string Source { get; init; }

    /// <summary>Gets whether the values were fitted on data of this GPU class (false: borrowed from another class).</summary>
    public bool Calibrated { get; init; } = true;

    /// <summary>Gets how well the fit matched its data, for the user (e.g. "step time MAPE 6.2% over 412 points").</summary>
    public string FitQuality { get; init; } = string.Empty;

    /// <summary>Returns these values applied to another GPU class, labelled as borrowed.</summary>
    /// <param name="gpu">The GPU class without its own calibration.</param>
    /// <returns>The borrowed values.</returns>
    public EngineCoefficients BorrowedFor(GpuType gpu) => this with
    {
        Gpu = gpu,
        Calibrated = false,
        Source = $"{Gpu}-fitted efficiencies applied to {gpu}'s datasheet (no calibration data for {gpu}); {Source}",
    };

    /// <summary>
    /// Conservative textbook values (GEMM 60%, attention 40%, bandwidth 75%, all-reduce 70% of peak; 2 ms per step) for
    /// when no calibration is available at all.
    /// </summary>
    /// <param name="gpu">The GPU class.</param>
    /// <returns>The values.</returns>
    public static EngineCoefficients Uncalibrated(GpuType gpu) => new()
    {
        Gpu = gpu,
        GemmEfficiency = 0.6,
        AttentionEfficiency = 0.4,
        MemoryEfficiency = 0.75,
        CommunicationEfficiency = 0.7,
        AllReduceLatencyUs = 10,
        StepOverheadMs = 2,
        SequenceOverheadUs = 20,
        RequestOverheadMs = 5,
        OutputTokenOverheadMs = 0.05,
        Source = "uncalibrated textbook efficiencies",
        Calibrated = false,
    };
}
