using System.Collections.Concurrent;
using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Engine;
using Compass.Planning.Memory;

namespace Compass.Planning.Performance;

/// <summary>
/// Predicts any configuration from first principles: the calibrated roofline step-time model of its (model, format,
/// GPU, TP) and the mean-field <see cref="ServingEstimator"/>. Predictions are labelled <see cref="PredictionSource.Estimated"/>
/// and say whose coefficients they use (a GPU without its own calibration borrows the reference GPU's, and says so).
/// Thread-safe; profiles and capacities are cached per configuration and profile.
/// </summary>
public sealed class PhysicsPerformanceModel : IPerformanceModel, ILatencyProbe
{
    private readonly KnowledgeCatalog _catalog;
    private readonly ServingLimits _limits;
    private readonly ConcurrentDictionary<ConfigurationKey, ProfileEntry> _profiles = new();

    /// <summary>Initializes a new instance.</summary>
    /// <param name="catalog">The catalog (calibrations).</param>
    /// <param name="limits">Engine settings; vLLM's defaults when null.</param>
    public PhysicsPerformanceModel(KnowledgeCatalog catalog, ServingLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _limits = limits ?? new ServingLimits();
    }

    /// <summary>Gets the engine profile of a configuration, or why there is none.</summary>
    /// <param name="model">The model.</param>
    /// <param name="quantization">The format.</param>
    /// <param name="gpu">The GPU.</param>
    /// <param name="tensorParallel">The TP degree.</param>
    /// <param name="failure">Why there is no profile.</param>
    /// <param name="kvCacheDtype">The KV-cache format (16-bit by default).</param>
    /// <returns>The profile or <see langword="null"/>.</returns>
    public EngineProfile? ProfileFor(ModelSpec model, Quantization quantization, GpuSpec gpu, int tensorParallel, out RejectionReason? failure, KvCacheFormat kvCacheDtype = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gpu);
        var entry = Entry(model, quantization, gpu, tensorParallel, kvCacheDtype);
        failure = entry.Failure;
        return entry.Profile;
    }

    /// <inheritdoc />
    public PerformanceEstimate Predict(PerformanceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var entry = Entry(query.Model, query.Quantization, query.Gpu, query.TensorParallel, query.KvCacheDtype);
        if (entry.Profile is not { } profile)
        {
            return PerformanceEstimate.Unavailable(entry.Failure!);
        }

        var rate = Math.Max(query.RequestRate, 1e-6);
        var estimate = ServingEstimator.Estimate(profile, rate, query.PromptTokens, query.OutputTokens, query.Arrival, query.Percentile, out var reason);
        if (estimate is null)
        {
            return PerformanceEstimate.Unavailable(reason!);
        }

        double? capacity = query.IncludeMaxRequestRate
            ? entry.Capacities.GetOrAdd(
                (query.PromptTokens, query.OutputTokens, query.Arrival, query.Percentile),
                static (traffic, profile) => ServingEstimator.Capacity(profile, traffic.Prompt, traffic.Output, traffic.Arrival, traffic.Percentile),
                profile)
            : null;
        var coefficients = ((RooflineStepTimeModel)profile.StepTime).Coefficients;
        return PerformanceEstimate.Available(new PerformancePrediction
        {
            TtftMs = estimate.TtftMs,
            ItlMs = estimate.ItlMs,
            E2eMs = estimate.E2eMs,
            Percentile = query.Percentile,
            RequestRate = query.RequestRate,
            OutputTokensPerSecond = query.RequestRate * query.OutputTokens.Mean,
            MaxRequestRate = capacity,
            Source = PredictionSource.Estimated,
            Basis = string.Create(CultureInfo.InvariantCulture,
                $"physics estimate: roofline step model of {query.Model.Id} {query.Quantization} on {query.TensorParallel}×{query.Gpu.Type}{(query.KvCacheDtype.IsFp8 ? " with an FP8 KV cache" : string.Empty)} ({(coefficients.Calibrated ? "calibrated" : "extrapolated")}: {profile.Basis}) with mean-field queueing; {estimate.DecodingSequences:0.#} sequences decoding, engine {estimate.Utilization * 100:0}% busy"),
        });
    }

    /// <summary>
    /// Builds and caches the profile of a configuration ahead of its first prediction (the same profile a prediction
    /// would build), unless the configuration cannot hold a KV block at all.
    /// </summary>
    internal void Prepare(ModelSpec model, QuantizationOption format, GpuSpec gpu, int tensorParallel, KvCacheFormat kvCacheDtype)
    {
        // Configurations that do not fit would only cache the exception's reason; sizing never asks about them.
        var limits = _limits with { KvCacheDtype = kvCacheDtype };
        if (MemoryModel.Compute(model, format.Quantization, gpu, tensorParallel, 1, limits).KvCacheTokens >= limits.BlockSize)
        {
            _ = Entry(model, format.Quantization, gpu, tensorParallel, kvCacheDtype);
        }
    }

    /// <inheritdoc />
    bool ILatencyProbe.TryProbe(PerformanceQuery query, out ProbedLatency latency)
    {
        ArgumentNullException.ThrowIfNull(query);
        latency = ProbedLatency.None;
        if (query.IncludeMaxRequestRate)
        {
            return false;
        }

        var entry = Entry(query.Model, query.Quantization, query.Gpu, query.TensorParallel, query.KvCacheDtype);
        if (entry.Profile is not { } profile)
        {
            return true;
        }

        var estimate = ServingEstimator.Estimate(profile, Math.Max(query.RequestRate, 1e-6), query.PromptTokens, query.OutputTokens, query.Arrival, query.Percentile, out _, describe: false);
        if (estimate is null)
        {
            return true;
        }

        // Values a prediction refuses (negative or not finite) go through Predict, which throws as it always did.
        if (!Valid(estimate.TtftMs) || !Valid(estimate.ItlMs) || !Valid(estimate.E2eMs) || !Valid(query.RequestRate * query.OutputTokens.Mean))
        {
            return false;
        }

        latency = new ProbedLatency(true, estimate.TtftMs, estimate.ItlMs, estimate.E2eMs);
        return true;

        static bool Valid(double value) => double.IsFinite(value) && value >= 0;
    }

    private ProfileEntry Entry(ModelSpec model, Quantization quantization, GpuSpec gpu, int tensorParallel, KvCacheFormat kvCacheDtype)
        => _profiles.GetOrAdd(new ConfigurationKey(model.Id, quantization, gpu.Type, tensorParallel, Normalized(kvCacheDtype)), _ =>
        {
            try
            {
                return new ProfileEntry(EngineProfiles.Create(_catalog, model, quantization, gpu, tensorParallel, _limits with { KvCacheDtype = kvCacheDtype }), null);
            }
            catch (ConfigurationRejectedException ex)
            {
                return new ProfileEntry(null, ex.Reason);
            }
            catch (ArgumentException ex)
            {
                return new ProfileEntry(null, RejectionReason.Other(ex.Message));
            }
        });

    // The 16-bit formats behave alike; one cache entry serves them all.
    private static KvCacheFormat Normalized(KvCacheFormat format) => format.IsFp8 ? KvCacheFormat.Fp8 : KvCacheFormat.Auto;

    // A configuration's profile (or why it has none) and its capacity under each traffic profile asked about.
    // The capacities are created on first use: only the options shown ask for one, of the ~2,400 configurations sized.
    private sealed class ProfileEntry(EngineProfile? profile, RejectionReason? failure)
    {
        private ConcurrentDictionary<(TokenDistribution Prompt, TokenDistribution Output, ArrivalPattern Arrival, double Percentile), double>? _capacities;

        public EngineProfile? Profile { get; } = profile;

        public RejectionReason? Failure { get; } = failure;

        public ConcurrentDictionary<(TokenDistribution Prompt, TokenDistribution Output, ArrivalPattern Arrival, double Percentile), double> Capacities
            => LazyInitializer.EnsureInitialized(ref _capacities);
    }
}
