using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Compass.Core;

/// <summary>
/// How a weight format's kernels run relative to BF16's on the same GPU: the fraction of the format's own peak tensor
/// rate its GEMMs reach, relative to BF16's fraction (FP8 and INT8 have faster tensor cores of their own; W4A16 and
/// MXFP4 dequantize into BF16 ones), and the fraction of the bandwidth its weight reads reach, relative to BF16's.
/// </summary>
public sealed record FormatEfficiency
{
    /// <summary>Gets the format.</summary>
    public required Quantization Quantization { get; init; }

    /// <summary>Gets the format's GEMM efficiency relative to BF16's (1 = the same fraction of its own peak).</summary>
    public required double ComputeFactor { get; init => field = Guard.PositiveFinite(value, nameof(ComputeFactor)); }

    /// <summary>Gets the format's weight-read efficiency relative to BF16's (1 = the same).</summary>
    public required double BandwidthFactor { get; init => field = Guard.PositiveFinite(value, nameof(BandwidthFactor)); }

    /// <summary>Gets what the two factors rest on, for the user.</summary>
    public required string Evidence { get; init; }
}

/// <summary>What one part of a GPU class's coefficients rests on.</summary>
public enum EvidenceKind
{
    /// <summary>Real measurements on this GPU class (step timings or serving runs).</summary>
    Measured,

    /// <summary>Real per-operator timings of this GPU class from a kernel database (one step removed from the engine).</summary>
    KernelProfiles,

    /// <summary>Fitted to another GPU class's measurements and applied to this one's datasheet.</summary>
    Extrapolated,

    /// <summary>Simulated benchmark rows (the weakest evidence).</summary>
    Simulated,

    /// <summary>A documented prior: no data was fitted.</summary>
    Prior,
}

/// <summary>The evidence behind one part of a GPU class's coefficients.</summary>
/// <param name="Part">The part: <c>gpu work</c>, <c>weight formats</c>, <c>all-reduce</c> or <c>engine overhead</c>.</param>
/// <param name="Kind">What kind of evidence.</param>
/// <param name="Detail">Which data, e.g. "82 real H100 step timings of 2 model shapes".</param>
public sealed record CoefficientEvidence(string Part, EvidenceKind Kind, string Detail)
{
    /// <summary>Gets the kind as a word for people: measured, kernel profiles, extrapolated, simulated or prior.</summary>
    [JsonIgnore]
    public string KindName => Kind switch
    {
        EvidenceKind.Measured => "measured",
        EvidenceKind.KernelProfiles => "kernel profiles",
        EvidenceKind.Extrapolated => "extrapolated",
        EvidenceKind.Simulated => "simulated",
        _ => "prior",
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Part}: {KindName} ({Detail})";
}

/// <summary>
/// The calibrated constants of the step-time model for one GPU class. GPU work is a sum over the step's operators
/// (per layer: the four projection GEMMs, attention, the element-wise kernels and, with tensor parallelism, two
/// all-reduces; once per step: the LM head), each a smooth maximum ((c⁴ + m⁴)^¼) of its compute time and its memory
/// time at the efficiencies below, plus fixed kernel costs per layer and per step. The serving engine's CPU-side overheads come on
/// top. Fitted from data by Compass.Planning's engine calibrator; the shipped values live in the knowledge base's
/// <c>engine-calibration.json</c> with the evidence each part rests on.
/// </summary>
public sealed record EngineCoefficients
{
    /// <summary>Gets the GPU class the values were fitted for.</summary>
    public required GpuType Gpu { get; init; }

    /// <summary>Gets the fraction of peak BF16 tensor FLOP/s the projection GEMMs reach.</summary>
    public required double GemmEfficiency { get; init => field = Guard.Fraction(value, nameof(GemmEfficiency)); }

    /// <summary>Gets the fraction of peak BF16 FLOP/s prefill attention reaches.</summary>
    public required double AttentionEfficiency { get; init => field = Guard.Fraction(value, nameof(AttentionEfficiency)); }

    /// <summary>Gets the fraction of peak memory bandwidth the GEMMs' weight reads reach.</summary>
    public required double MemoryEfficiency { get; init => field = Guard.Fraction(value, nameof(MemoryEfficiency)); }

    /// <summary>Gets the fraction of peak memory bandwidth attention's KV-cache reads reach (0 = use <see cref="MemoryEfficiency"/>).</summary>
    public double KvBandwidthEfficiency { get; init => field = value == 0 ? 0 : Guard.Fraction(value, nameof(KvBandwidthEfficiency)); }

    /// <summary>
    /// Gets the element-wise traffic per layer (norms, activation, residual adds, rotary, cache writes) in units of the
    /// hidden state (tokens × hidden × 2 bytes).
    /// </summary>
    public double ActivationTraffic { get; init => field = Guard.NonNegativeFinite(value, nameof(ActivationTraffic)); } = 4;

    /// <summary>Gets, per weight format other than BF16, how its kernels run relative to BF16's; a format not listed runs as BF16 does on its own peak.</summary>
    public ImmutableArray<FormatEfficiency> Formats { get => field.IsDefault ? [] : field; init; } = [];

    /// <summary>Gets a format's efficiencies relative to BF16 (1 and 1 when none are listed).</summary>
    /// <param name="quantization">The format.</param>
    /// <returns>The compute and bandwidth factors.</returns>
    public (double Compute, double Bandwidth) FormatFactors(Quantization quantization)
    {
        foreach (var f in Formats)
        {
            if (f.Quantization == quantization)
            {
                return (f.ComputeFactor, f.BandwidthFactor);
            }
        }

        return (1, 1);
    }

    /// <summary>Gets the fraction of interconnect bandwidth a tensor-parallel all-reduce reaches.</summary>
    public required double CommunicationEfficiency { get; init => field = Guard.Fraction(value, nameof(CommunicationEfficiency)); }

    /// <summary>Gets the fixed latency of one all-reduce, in microseconds.</summary>
    public required double AllReduceLatencyUs { get; init => field = Guard.NonNegativeFinite(value, nameof(AllReduceLatencyUs)); }

    /// <summary>Gets the fixed GPU cost per layer of a step (kernel launch latency and tails), in microseconds.</summary>
    public double LayerOverheadUs { get; init => field = Guard.NonNegativeFinite(value, nameof(LayerOverheadUs)); }

    /// <summary>Gets the fixed GPU cost per step outside the layers (embedding, final norm, sampling kernels), in milliseconds.</summary>
    public double StepFixedMs { get; init => field = Guard.NonNegativeFinite(value, nameof(StepFixedMs)); }

    /// <summary>Gets the serving engine's CPU cost per step (scheduling, input preparation, output processing), in milliseconds.</summary>
    public required double StepOverheadMs { get; init => field = Guard.NonNegativeFinite(value, nameof(StepOverheadMs)); }

    /// <summary>Gets the serving engine's CPU cost per sequence in a step, in microseconds.</summary>
    public required double SequenceOverheadUs { get; init => field = Guard.NonNegativeFinite(value, nameof(SequenceOverheadUs)); }

    /// <summary>Gets the time from a request's arrival to its entering the wait queue, in milliseconds.</summary>
    public required double RequestOverheadMs { get; init => field = Guard.NonNegativeFinite(value, nameof(RequestOverheadMs)); }

    /// <summary>Gets the serial part of admitting a request (one request at a time on the API server's thread), in milliseconds.</summary>
    public double RequestServiceMs { get; init => field = Guard.NonNegativeFinite(value, nameof(RequestServiceMs)); }

    /// <summary>Gets the API server's time per streamed token (one token at a time, on the thread that also admits requests), in milliseconds.</summary>
    public required double OutputTokenOverheadMs { get; init => field = Guard.NonNegativeFinite(value, nameof(OutputTokenOverheadMs)); }

    /// <summary>Gets where the values come from, for the user.</summary>
    public required string Source { get; init; }

    /// <summary>Gets what each part of the values rests on (GPU work, weight formats, all-reduce, engine overhead).</summary>
    public ImmutableArray<CoefficientEvidence> Evidence { get => field.IsDefault ? [] : field; init; } = [];

    /// <summary>Gets whether the values were fitted on data of this GPU class (false: borrowed from another class).</summary>
    public bool Calibrated { get; init; } = true;

    /// <summary>Gets how well the fit matched its data, for the user (e.g. "decode step MAPE 1.8% over 48 points").</summary>
    public string FitQuality { get => field ?? string.Empty; init; } = string.Empty;

    /// <summary>Gets the KV-cache read efficiency in use (<see cref="KvBandwidthEfficiency"/>, else <see cref="MemoryEfficiency"/>).</summary>
    [JsonIgnore]
    public double EffectiveKvBandwidthEfficiency => KvBandwidthEfficiency > 0 ? KvBandwidthEfficiency : MemoryEfficiency;

    /// <summary>Gets a one-line summary of the evidence, e.g. "gpu work: measured (…); all-reduce: kernel profiles (…)".</summary>
    [JsonIgnore]
    public string EvidenceSummary => Evidence.IsEmpty ? Source : string.Join("; ", Evidence);

    /// <summary>Returns these values applied to another GPU class's datasheet, labelled as extrapolated.</summary>
    /// <param name="gpu">The GPU class without its own calibration.</param>
    /// <returns>The borrowed values.</returns>
    public EngineCoefficients BorrowedFor(GpuType gpu) => this with
    {
        Gpu = gpu,
        Calibrated = false,
        Source = $"{Gpu}-fitted efficiencies applied to {gpu}'s datasheet (no calibration data for {gpu}); {Source}",
        // GPU work and all-reduce are properties of the GPU; the engine's CPU overhead and the format priors are not.
        Evidence = [.. Evidence.Select(e => e.Part is "gpu work" or "all-reduce" && e.Kind is EvidenceKind.Measured or EvidenceKind.KernelProfiles
            ? e with { Kind = EvidenceKind.Extrapolated, Detail = $"from {Gpu}: {e.Detail}" }
            : e)],
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
        Evidence = [new CoefficientEvidence("all", EvidenceKind.Prior, "textbook efficiencies, no data")],
        Calibrated = false,
    };
}
