using Compass.Core;

namespace Compass.Planning.Engine;

/// <summary>
/// The physics step-time model: one engine step of one tensor-parallel replica, per GPU of the TP group, as the sum of
/// its operators, each the smooth maximum of its compute time and its memory time at calibrated efficiencies:
/// <code>
/// per layer   QKV, output, gate-up and down projection GEMMs (MoE layers: shared experts, and the routed experts
///             as one grouped GEMM whose weights are read for the experts the step's tokens touch)
///             prefill attention (FLOPs over query-key pairs; reads the cached context) and decode attention
///             (reads each sequence's KV cache)
///             element-wise kernels (norms, activation, residual adds: traffic over the hidden state)
///             with TP > 1, two all-reduces of the hidden state: latency + 2 (TP − 1) ÷ TP × bytes ÷ link bandwidth
///             a fixed cost (kernel launch latency and tails)
/// per step    the LM head over the sampled sequences, and a fixed cost
/// operator    t = (c⁴ + m⁴)^¼,  c = FLOPs ÷ (peak(format) × η),  m = bytes ÷ (bandwidth × η)
/// </code>
/// The smooth maximum is the plain roofline far from the ridge point and blends the two near it, where GEMMs with a
/// few hundred tokens run. The weight format sets the GEMMs' peak (FP8 and INT8 tensor cores, else BF16) and bytes per
/// weight; the KV-cache format sets the attention's bytes, independently. The serving engine's CPU overhead per step
/// and per sequence comes on top (<see cref="StepTiming.OverheadMs"/>). Every term grows with every field of the
/// batch, so the step time is monotone.
/// </summary>
internal sealed class RooflineStepTimeModel : IStepTimeModel
{
    private const double ActivationBytesPerElement = 2;
    private const double LmHeadBytesPerWeight = 2;
    private const int TokenTermsSlots = 512;

    private readonly Gemm[] _gemms;
    private readonly Gemm _lmHead;
    private readonly double _gemmFlopsPerMs;
    private readonly double _lmHeadFlopsPerMs;
    private readonly double _weightBytesPerMs;
    private readonly double _bf16BytesPerMs;
    private readonly double _attentionFlopsPerMs;
    private readonly double _kvBytesPerMs;
    private readonly double _layers;
    private readonly double _attentionFlopsPerPair;
    private readonly double _kvBytesPerTokenPerLayer;
    private readonly double _activationBytesPerTokenPerLayer;
    private readonly double _moeLayers;
    private readonly double _routedFlopsPerToken;
    private readonly double _routedWeightBytes;
    private readonly double _routedActivationBytesPerToken;
    private readonly double _expertTouchProbability;
    private readonly double _allReduceCount;
    private readonly double _allReduceLatencyMs;
    private readonly double _allReduceBytesPerToken;
    private readonly double _commBytesPerMs;
    private readonly double _fixedMs;
    private readonly double _stepOverheadMs;
    private readonly double _sequenceOverheadMs;
    private TokenTerms?[]? _tokenTerms;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="model">The model.</param>
    /// <param name="quantization">The weight format (must be one the model offers).</param>
    /// <param name="gpu">The GPU.</param>
    /// <param name="tensorParallel">The tensor-parallel degree.</param>
    /// <param name="coefficients">The calibrated efficiencies and overheads.</param>
    /// <param name="kvCacheDtype">The KV-cache format (16-bit by default, or FP8).</param>
    /// <exception cref="ArgumentException">The model is not available in the format.</exception>
    public RooflineStepTimeModel(
        ModelSpec model, Quantization quantization, GpuSpec gpu, int tensorParallel, EngineCoefficients coefficients, KvCacheFormat kvCacheDtype = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tensorParallel);
        var a = model.Architecture;
        var format = model.FindFormat(quantization) ?? throw new ArgumentException($"{model.Id} is not available as {quantization}.", nameof(quantization));
        var tp = (double)tensorParallel;
        var shape = ModelShape.Of(a);
        var bytesPerWeight = format.BytesPerWeight;

        // Per-layer projection shapes from the architecture, scaled so that their parameters add up to the model's
        // published count (biases, odd layers and other details the shapes leave out).
        var h = (double)a.HiddenSize;
        var queryWidth = (double)a.AttentionHeads * a.HeadDim;
        var kvWidth = (double)a.KvHeads * a.HeadDim;
        var moeLayers = (double)a.MoeLayerCount;
        var denseLayers = a.Layers - moeLayers;
        var expertWidth = (double)(a.ExpertIntermediateSize ?? a.IntermediateSize);
        var sharedWidth = a.SharedExperts * expertWidth;
        var architectureDense = (a.Layers * ((h * (queryWidth + (2 * kvWidth))) + (queryWidth * h)))
            + (denseLayers * 3 * h * a.IntermediateSize)
            + (moeLayers * ((3 * h * sharedWidth) + (h * a.Experts)));
        var scale = architectureDense > 0 && shape.DenseLinearParameters > 0 ? shape.DenseLinearParameters / architectureDense : 1;
        var gemms = new List<Gemm>
        {
            Gemm.Of(a.Layers, h, (queryWidth + (2 * kvWidth)) / tp, bytesPerWeight, scale),
            Gemm.Of(a.Layers, queryWidth / tp, h, bytesPerWeight, scale),
        };
        if (denseLayers > 0)
        {
            gemms.Add(Gemm.Of(denseLayers, h, 2 * a.IntermediateSize / tp, bytesPerWeight, scale));
            gemms.Add(Gemm.Of(denseLayers, a.IntermediateSize / tp, h, bytesPerWeight, scale));
        }

        if (moeLayers > 0 && sharedWidth > 0)
        {
            gemms.Add(Gemm.Of(moeLayers, h, 2 * sharedWidth / tp, bytesPerWeight, scale));
            gemms.Add(Gemm.Of(moeLayers, sharedWidth / tp, h, bytesPerWeight, scale));
        }

        _gemms = [.. gemms];
        _lmHead = Gemm.Of(1, h, a.VocabSize / tp, LmHeadBytesPerWeight, 1);

        if (moeLayers > 0 && shape.RoutedExpertParameters > 0)
        {
            // The routed experts of one MoE layer as one grouped GEMM: each token runs its active experts; the weights
            // of every expert some token picks are read once.
            var routedPerLayer = shape.RoutedExpertParameters / moeLayers / tp;
            var activePerLayer = shape.ActiveRoutedExpertParameters / moeLayers / tp;
            _moeLayers = moeLayers;
            _routedFlopsPerToken = 2 * activePerLayer;
            _routedWeightBytes = routedPerLayer * bytesPerWeight;
            _routedActivationBytesPerToken = a.ActiveExperts * ActivationBytesPerElement * ((2 * h) + (3 * expertWidth / tp));
            _expertTouchProbability = (double)a.ActiveExperts / a.Experts;
        }

        var (computeFactor, bandwidthFactor) = coefficients.FormatFactors(quantization);
        var bf16FlopsPerMs = gpu.Bf16Tflops * 1e12 * coefficients.GemmEfficiency / 1000;
        var formatFlopsPerMs = gpu.PeakFlops(quantization) * coefficients.GemmEfficiency * computeFactor / 1000;
        var bf16BytesPerMs = gpu.MemoryBandwidthGBps * 1e9 * coefficients.MemoryEfficiency / 1000;
        var formatBytesPerMs = bf16BytesPerMs * bandwidthFactor;
        if (format.BytesPerWeight <= 1.01 && gpu.PeakFlops(quantization) > gpu.Bf16Tflops * 1e12)
        {
            // A format with its own faster tensor cores and half the bytes (FP8, INT8) is never slower than BF16 would be.
            formatFlopsPerMs = Math.Max(formatFlopsPerMs, bf16FlopsPerMs);
            formatBytesPerMs = Math.Max(formatBytesPerMs, bf16BytesPerMs * bytesPerWeight / 2);
        }

        _gemmFlopsPerMs = formatFlopsPerMs;
        _lmHeadFlopsPerMs = bf16FlopsPerMs;
        _weightBytesPerMs = formatBytesPerMs;
        _bf16BytesPerMs = bf16BytesPerMs;
        _attentionFlopsPerMs = gpu.Bf16Tflops * 1e12 * coefficients.AttentionEfficiency / 1000;
        _kvBytesPerMs = gpu.MemoryBandwidthGBps * 1e9 * coefficients.EffectiveKvBandwidthEfficiency / 1000;

        _layers = a.Layers;
        _attentionFlopsPerPair = 4.0 * a.AttentionHeads / tp * a.HeadDim;
        var kvHeadsPerGpu = Math.Max(1.0, Math.Ceiling(a.KvHeads / tp));
        _kvBytesPerTokenPerLayer = 2.0 * kvHeadsPerGpu * a.HeadDim * kvCacheDtype.BytesPerElement;
        _activationBytesPerTokenPerLayer = coefficients.ActivationTraffic * h * ActivationBytesPerElement;

        if (tensorParallel > 1)
        {
            _allReduceCount = 2.0 * a.Layers;
            _allReduceLatencyMs = coefficients.AllReduceLatencyUs / 1000;
            _allReduceBytesPerToken = 2.0 * (tp - 1) / tp * h * ActivationBytesPerElement;
            _commBytesPerMs = gpu.InterconnectGBps * 1e9 * coefficients.CommunicationEfficiency / 1000;
        }

        _fixedMs = coefficients.StepFixedMs + (coefficients.LayerOverheadUs * a.Layers / 1000);
        _stepOverheadMs = coefficients.StepOverheadMs;
        _sequenceOverheadMs = coefficients.SequenceOverheadUs / 1000;
        Coefficients = coefficients;
        WeightBytesPerGpu = _gemms.Sum(g => g.Count * g.WeightBytes) + _lmHead.WeightBytes + (_moeLayers * _routedWeightBytes);
    }

    /// <summary>Gets the coefficients in use.</summary>
    public EngineCoefficients Coefficients { get; }

    /// <summary>Gets the weight bytes each GPU reads in a step that touches every expert.</summary>
    public double WeightBytesPerGpu { get; }

    /// <inheritdoc />
    public StepTiming Predict(in StepBatch batch)
    {
        if (batch.IsEmpty)
        {
            return default;
        }

        double compute = 0, memory = 0, gpu = 0;
        AddTokenTerms((double)batch.TotalTokens, ref compute, ref memory, ref gpu);
        return Finish(batch, compute, memory, gpu);
    }

    /// <summary>
    /// <see cref="Predict"/> for a caller whose steps repeat token counts (the simulator): the projection GEMMs' part
    /// depends on the token count alone and is remembered per count, then the rest is added in the same order, so the
    /// result is the same to the last bit. Thread-safe.
    /// </summary>
    internal StepTiming PredictRepeated(in StepBatch batch)
    {
        if (batch.IsEmpty)
        {
            return default;
        }

        var cache = _tokenTerms ??= new TokenTerms?[TokenTermsSlots];
        var count = batch.TotalTokens;
        var slot = (int)(count & (TokenTermsSlots - 1));
        if (cache[slot] is not { } terms || terms.Tokens != count)
        {
            double c = 0, m = 0, g = 0;
            AddTokenTerms(count, ref c, ref m, ref g);
            cache[slot] = terms = new TokenTerms(count, c, m, g);
        }

        return Finish(batch, terms.Compute, terms.Memory, terms.Gpu);
    }

    // Every term that depends on the batch through its token count alone: the projection GEMMs and the routed experts.
    private void AddTokenTerms(double tokens, ref double compute, ref double memory, ref double gpu)
    {
        foreach (var g in _gemms)
        {
            Add(g.Count, g.FlopsPerToken * tokens / _gemmFlopsPerMs, (g.WeightBytes + (g.ActivationBytesPerToken * tokens)) / _weightBytesPerMs, ref compute, ref memory, ref gpu);
        }

        if (_moeLayers > 0)
        {
            var touched = 1 - Math.Pow(1 - _expertTouchProbability, tokens);
            Add(
                _moeLayers,
                _routedFlopsPerToken * tokens / _gemmFlopsPerMs,
                ((_routedWeightBytes * touched) + (_routedActivationBytesPerToken * tokens)) / _weightBytesPerMs,
                ref compute, ref memory, ref gpu);
        }
    }

    private StepTiming Finish(in StepBatch batch, double compute, double memory, double gpu)
    {
        var tokens = (double)batch.TotalTokens;
        if (batch.PrefillTokens > 0)
        {
            Add(
                _layers,
                _attentionFlopsPerPair * batch.PrefillAttentionPairs / _attentionFlopsPerMs,
                _kvBytesPerTokenPerLayer * (batch.PrefillContextTokens + batch.PrefillTokens) / _kvBytesPerMs,
                ref compute, ref memory, ref gpu);
        }

        if (batch.DecodeSequences > 0)
        {
            Add(
                _layers,
                _attentionFlopsPerPair * batch.DecodeContextTokens / _attentionFlopsPerMs,
                _kvBytesPerTokenPerLayer * (batch.DecodeContextTokens + batch.DecodeSequences) / _kvBytesPerMs,
                ref compute, ref memory, ref gpu);
        }

        var elementwise = _layers * _activationBytesPerTokenPerLayer * tokens / _bf16BytesPerMs;
        memory += elementwise;
        gpu += elementwise;

        var sampled = (double)batch.Sequences;
        Add(1, _lmHead.FlopsPerToken * sampled / _lmHeadFlopsPerMs, (_lmHead.WeightBytes + (_lmHead.ActivationBytesPerToken * sampled)) / _bf16BytesPerMs, ref compute, ref memory, ref gpu);

        var comm = _allReduceCount > 0
            ? _allReduceCount * (_allReduceLatencyMs + (_allReduceBytesPerToken * tokens / _commBytesPerMs))
            : 0;
        var overhead = _stepOverheadMs + (_sequenceOverheadMs * sampled);
        return new StepTiming(compute, memory, comm, overhead, gpu + comm + _fixedMs);
    }

    /// <summary>The smooth maximum (c⁴ + m⁴)^¼ of an operator's compute and memory times.</summary>
    /// <param name="computeMs">The compute time.</param>
    /// <param name="memoryMs">The memory time.</param>
    /// <returns>The operator's time.</returns>
    public static double SmoothMax(double computeMs, double memoryMs)
    {
        var c2 = computeMs * computeMs;
        var m2 = memoryMs * memoryMs;
        return Math.Sqrt(Math.Sqrt((c2 * c2) + (m2 * m2)));
    }

    private static void Add(double count, double computeMs, double memoryMs, ref double compute, ref double memory, ref double gpu)
    {
        compute += count * computeMs;
        memory += count * memoryMs;
        gpu += count * SmoothMax(computeMs, memoryMs);
    }

    /// <summary>The token-count terms of one step size (immutable, so that a slot can be replaced while another thread reads it).</summary>
    private sealed record TokenTerms(long Tokens, double Compute, double Memory, double Gpu);

    /// <summary>One projection GEMM of a layer: its count per step, FLOPs per token, weight bytes and activation bytes per token.</summary>
    private readonly record struct Gemm(double Count, double FlopsPerToken, double WeightBytes, double ActivationBytesPerToken)
    {
        public static Gemm Of(double count, double inputs, double outputs, double bytesPerWeight, double scale)
            => new(count, 2 * inputs * outputs * scale, inputs * outputs * scale * bytesPerWeight, (inputs + outputs) * ActivationBytesPerElement);
    }
}
