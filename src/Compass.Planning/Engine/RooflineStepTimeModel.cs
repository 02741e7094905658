using Compass.Core;

namespace Compass.Planning.Engine;

/// <summary>
/// The physics step-time model: one engine step of one tensor-parallel replica, from the model's shape, the weight
/// format, the GPU's datasheet and calibrated efficiencies. Per GPU of the TP group:
/// <code>
/// FLOPs    = 2 × active linear parameters ÷ TP × tokens  +  2 × vocab × hidden ÷ TP × sampled sequences (LM head)
///          + 4 × heads ÷ TP × head dim × layers × query-key pairs                        (attention)
/// bytes    = weight bytes ÷ TP (MoE: only the experts the step's tokens touch)  +  KV-cache reads and writes
///          + activations
/// compute  = linear FLOPs ÷ (peak(format) × η_gemm) + attention FLOPs ÷ (peak(BF16) × η_attention)
/// memory   = bytes ÷ (HBM bandwidth × η_memory)
/// comm     = 2 × layers × (latency + 2 (TP − 1) ÷ TP × tokens × hidden × 2 B ÷ (link bandwidth × η_comm))
/// overhead = per step + per layer × layers + per sequence
/// step     = max(compute, format factor × memory) + comm + overhead   (the factor: a format's memory-bound kernels vs the roofline)
/// </code>
/// Every term grows with every field of the batch, so the step time is monotone.
/// </summary>
public sealed class RooflineStepTimeModel : IStepTimeModel
{
    private const double ActivationBytesPerElement = 2;

    private readonly double _linearFlopsPerToken;
    private readonly double _lmHeadFlopsPerSequence;
    private readonly double _attentionFlopsPerPair;
    private readonly double _denseWeightBytes;
    private readonly double _expertWeightBytes;
    private readonly double _expertTouchProbability;
    private readonly double _kvBytesPerToken;
    private readonly double _activationBytesPerToken;
    private readonly double _gemmFlopsPerMs;
    private readonly double _attentionFlopsPerMs;
    private readonly double _bytesPerMs;
    private readonly double _allReduceBytesPerToken;
    private readonly double _commBytesPerMs;
    private readonly double _allReduceCount;
    private readonly double _allReduceLatencyMs;
    private readonly double _stepOverheadMs;
    private readonly double _formatFactor;
    private readonly double _sequenceOverheadMs;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="model">The model.</param>
    /// <param name="quantization">The weight format (must be one the model offers).</param>
    /// <param name="gpu">The GPU.</param>
    /// <param name="tensorParallel">The tensor-parallel degree.</param>
    /// <param name="coefficients">The calibrated efficiencies and overheads.</param>
    /// <param name="kvCacheBytesPerElement">Bytes per cached K or V element (2 for BF16, 1 for an FP8 KV cache).</param>
    /// <exception cref="ArgumentException">The model is not available in the format.</exception>
    public RooflineStepTimeModel(
        ModelSpec model, Quantization quantization, GpuSpec gpu, int tensorParallel, EngineCoefficients coefficients, double kvCacheBytesPerElement = 2)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tensorParallel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kvCacheBytesPerElement);
        var a = model.Architecture;
        var format = model.FindFormat(quantization) ?? throw new ArgumentException($"{model.Id} is not available as {quantization}.", nameof(quantization));
        var tp = (double)tensorParallel;

        var shape = ModelShape.Of(a);
        _linearFlopsPerToken = 2 * shape.ActiveLinearParameters / tp;
        _lmHeadFlopsPerSequence = 2 * shape.LmHeadParameters / tp;
        _attentionFlopsPerPair = 4.0 * a.AttentionHeads * a.HeadDim * a.Layers / tp;

        var bytesPerWeight = format.BytesPerWeight;
        _denseWeightBytes = (shape.DenseLinearParameters + shape.LmHeadParameters) * bytesPerWeight / tp;
        _expertWeightBytes = shape.RoutedExpertParameters * bytesPerWeight / tp;
        _expertTouchProbability = a.IsMoe ? (double)a.ActiveExperts / a.Experts : 0;

        var kvHeadsPerGpu = Math.Max(1.0, Math.Ceiling((double)a.KvHeads / tensorParallel));
        _kvBytesPerToken = 2.0 * a.Layers * kvHeadsPerGpu * a.HeadDim * kvCacheBytesPerElement;

        // Residual stream in and out of attention and MLP, plus the sharded MLP intermediate, per layer.
        _activationBytesPerToken = a.Layers * ActivationBytesPerElement * ((4.0 * a.HiddenSize) + (2.0 * a.IntermediateSize / tp));

        _gemmFlopsPerMs = gpu.PeakFlops(quantization) * coefficients.GemmEfficiency / 1000;
        _attentionFlopsPerMs = gpu.Bf16Tflops * 1e12 * coefficients.AttentionEfficiency / 1000;
        _bytesPerMs = gpu.MemoryBandwidthGBps * 1e9 * coefficients.MemoryEfficiency / 1000;
        if (tensorParallel > 1)
        {
            _allReduceCount = 2.0 * a.Layers;
            _allReduceBytesPerToken = 2.0 * (tp - 1) / tp * a.HiddenSize * ActivationBytesPerElement;
            _commBytesPerMs = gpu.InterconnectGBps * 1e9 * coefficients.CommunicationEfficiency / 1000;
            _allReduceLatencyMs = coefficients.AllReduceLatencyUs / 1000;
        }

        _formatFactor = coefficients.FormatFactor(quantization);
        _stepOverheadMs = coefficients.StepOverheadMs + (coefficients.LayerOverheadUs * a.Layers / 1000);
        _sequenceOverheadMs = coefficients.SequenceOverheadUs / 1000;
        Coefficients = coefficients;
    }

    /// <summary>Gets the coefficients in use.</summary>
    public EngineCoefficients Coefficients { get; }

    /// <summary>Gets the weight bytes each GPU reads in a step that touches every expert.</summary>
    public double WeightBytesPerGpu => _denseWeightBytes + _expertWeightBytes;

    /// <inheritdoc />
    public StepTiming Predict(in StepBatch batch)
    {
        if (batch.IsEmpty)
        {
            return default;
        }

        var tokens = (double)batch.TotalTokens;
        var sampled = batch.Sequences;
        var linearFlops = (_linearFlopsPerToken * tokens) + (_lmHeadFlopsPerSequence * sampled);
        var attentionPairs = batch.PrefillAttentionPairs + batch.DecodeContextTokens;
        var computeMs = (linearFlops / _gemmFlopsPerMs) + (_attentionFlopsPerPair * attentionPairs / _attentionFlopsPerMs);

        var weightBytes = _denseWeightBytes;
        if (_expertWeightBytes > 0)
        {
            // Each routed expert of a layer is read when at least one token of the step picks it.
            var touched = 1 - Math.Pow(1 - _expertTouchProbability, tokens);
            weightBytes += _expertWeightBytes * touched;
        }

        var kvTokens = batch.PrefillContextTokens + batch.DecodeContextTokens + tokens;
        var bytes = weightBytes + (_kvBytesPerToken * kvTokens) + (_activationBytesPerToken * tokens);
        var memoryMs = bytes / _bytesPerMs;

        var commMs = _allReduceCount > 0
            ? _allReduceCount * (_allReduceLatencyMs + (_allReduceBytesPerToken * tokens / _commBytesPerMs))
            : 0;
        var overheadMs = _stepOverheadMs + (_sequenceOverheadMs * sampled);
        return new StepTiming(computeMs, _formatFactor * memoryMs, commMs, overheadMs);
    }
}
