using System.Collections.Immutable;
using Compass.Core;

namespace Compass.Planning.Specification;

/// <summary>
/// Values that replace what was extracted from text or taken from templates (the CLI's flags, an API request's
/// fields). <see langword="null"/> means "keep what was extracted or the default".
/// </summary>
public sealed record PlanOverrides
{
    /// <summary>Gets the use case.</summary>
    public UseCase? UseCase { get; init; }

    /// <summary>Gets the number of users.</summary>
    public int? Users { get; init; }

    /// <summary>Gets the mean request rate in requests per second.</summary>
    public double? Qps { get; init; }

    /// <summary>Gets the GPU types to consider.</summary>
    public ImmutableArray<GpuType>? Gpus { get; init; }

    /// <summary>Gets the models to consider.</summary>
    public ImmutableArray<ModelId>? Models { get; init; }

    /// <summary>Gets the weight formats to consider.</summary>
    public ImmutableArray<Quantization>? Quantizations { get; init; }

    /// <summary>
    /// Gets the KV-cache format to plan for: a 16-bit one for only 16-bit KV-cache options, <see cref="KvCacheFormat.Fp8"/>
    /// for only FP8 ones (read vLLM's names with <see cref="KvCacheFormat.Parse"/>). Unset, both are considered.
    /// </summary>
    public KvCacheFormat? KvCacheDtype { get; init; }

    /// <summary>Gets the monthly budget in USD.</summary>
    public double? MaxMonthlyCostUsd { get; init; }

    /// <summary>Gets the payment model.</summary>
    public DeploymentModel? DeploymentModel { get; init; }

    /// <summary>Gets the cloud provider.</summary>
    public CloudProvider? Provider { get; init; }

    /// <summary>Gets the pricing tier.</summary>
    public PricingTier? PricingTier { get; init; }

    /// <summary>Gets the latency priority.</summary>
    public Priority? LatencyPriority { get; init; }

    /// <summary>Gets the cost priority.</summary>
    public Priority? CostPriority { get; init; }

    /// <summary>Gets the accuracy priority.</summary>
    public Priority? AccuracyPriority { get; init; }

    /// <summary>Gets the TTFT target in ms.</summary>
    public double? TtftMs { get; init; }

    /// <summary>Gets the ITL target in ms.</summary>
    public double? ItlMs { get; init; }

    /// <summary>Gets the E2E target in ms.</summary>
    public double? E2eMs { get; init; }

    /// <summary>Gets the SLO percentile.</summary>
    public double? Percentile { get; init; }

    /// <summary>Gets the prompt-length distribution.</summary>
    public TokenDistribution? PromptTokens { get; init; }

    /// <summary>Gets the output-length distribution.</summary>
    public TokenDistribution? OutputTokens { get; init; }

    /// <summary>Gets the peak multiplier.</summary>
    public double? PeakMultiplier { get; init; }

    /// <summary>Gets the headroom above peak (0.1 = 10%).</summary>
    public double? Headroom { get; init; }

    /// <summary>Gets the redundant replicas kept for failures.</summary>
    public int? RedundantReplicas { get; init; }

    /// <summary>Gets how many recommendations to return.</summary>
    public int? Top { get; init; }

    /// <summary>Gets the cost assumptions for owned and purchased hardware.</summary>
    public CostAssumptions? Costs { get; init; }

    /// <summary>
    /// Gets models to plan for that are not in the knowledge base (e.g. built with <see cref="ModelSpec.FromHuggingFaceConfig"/>).
    /// When set and <see cref="Models"/> is not, planning is restricted to these models.
    /// </summary>
    public ImmutableArray<ModelSpec> AdditionalModels { get; init; } = [];
}
