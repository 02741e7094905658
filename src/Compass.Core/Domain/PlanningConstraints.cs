using System.Collections.Immutable;

namespace Compass.Core;

/// <summary>Assumptions behind owned-hardware and purchase costs. Defaults are typical US data-centre figures; override them with yours.</summary>
public sealed record CostAssumptions
{
    /// <summary>Gets the hours in a month (730 = 8,760 / 12).</summary>
    public double HoursPerMonth { get; init => field = Guard.PositiveFinite(value, nameof(HoursPerMonth)); } = 730;

    /// <summary>Gets the electricity price in USD per kWh.</summary>
    public double ElectricityUsdPerKwh { get; init => field = Guard.NonNegativeFinite(value, nameof(ElectricityUsdPerKwh)); } = 0.12;

    /// <summary>Gets the data-centre power usage effectiveness (total facility power / IT power, ≥ 1).</summary>
    public double Pue
    {
        get;
        init => field = value >= 1 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(Pue), value, "PUE must be at least 1.");
    } = 1.4;

    /// <summary>Gets the average GPU power draw as a fraction of TDP.</summary>
    public double AveragePowerFraction { get; init => field = Guard.Fraction(value, nameof(AveragePowerFraction)); } = 0.7;

    /// <summary>Gets the months over which purchased hardware is depreciated.</summary>
    public int AmortizationMonths { get; init => field = Guard.Positive(value, nameof(AmortizationMonths)); } = 36;

    /// <summary>Gets the server, networking and installation cost added on top of each GPU's price, as a fraction of it.</summary>
    public double PurchaseOverheadFraction { get; init => field = Guard.NonNegativeFinite(value, nameof(PurchaseOverheadFraction)); } = 0.3;
}

/// <summary>The constraints and knobs of one planning run. Everything has a documented default.</summary>
public sealed record PlanningConstraints
{
    /// <summary>Gets the GPU types to consider; empty for all.</summary>
    public ImmutableArray<GpuType> Gpus { get; init; } = [];

    /// <summary>Gets the models to consider; empty for all.</summary>
    public ImmutableArray<ModelId> Models { get; init; } = [];

    /// <summary>Gets the weight formats to consider; empty for all that a model ships in.</summary>
    public ImmutableArray<Quantization> Quantizations { get; init; } = [];

    /// <summary>
    /// Gets the KV-cache format to consider: a 16-bit one (<see cref="KvCacheFormat.Auto"/>, <see cref="KvCacheFormat.Bf16"/>,
    /// <see cref="KvCacheFormat.Fp16"/>) for 16-bit only, <see cref="KvCacheFormat.Fp8"/> for FP8 only (on GPUs with FP8
    /// support), or <see langword="null"/> (default) for both wherever the GPU allows.
    /// </summary>
    public KvCacheFormat? KvCacheDtype { get; init; }

    /// <summary>Gets the most to spend per month, in USD.</summary>
    public double? MaxMonthlyCostUsd { get; init => field = Guard.PositiveFinite(value, nameof(MaxMonthlyCostUsd)); }

    /// <summary>Gets how the GPUs are paid for.</summary>
    public DeploymentModel DeploymentModel { get; init; } = DeploymentModel.Cloud;

    /// <summary>Gets the cloud provider to price with; <see langword="null"/> for the cheapest listed one.</summary>
    public CloudProvider? Provider { get; init; }

    /// <summary>Gets the cloud pricing tier.</summary>
    public PricingTier PricingTier { get; init; } = PricingTier.OnDemand;

    /// <summary>Gets how much latency matters in ranking.</summary>
    public Priority LatencyPriority { get; init; } = Priority.Medium;

    /// <summary>Gets how much cost matters in ranking.</summary>
    public Priority CostPriority { get; init; } = Priority.Medium;

    /// <summary>Gets how much quality matters in ranking.</summary>
    public Priority AccuracyPriority { get; init; } = Priority.Medium;

    /// <summary>Gets the spare capacity kept above peak: each replica must meet the SLOs at peak × (1 + headroom) / replicas.</summary>
    public double Headroom
    {
        get;
        init => field = value is >= 0 and <= 4 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(Headroom), value, "Headroom must be between 0 and 4 (0–400%).");
    } = 0.1;

    /// <summary>Gets the extra replicas kept for failures (0 none, 1 for N+1…).</summary>
    public int RedundantReplicas { get; init => field = Guard.NonNegative(value, nameof(RedundantReplicas)); }

    /// <summary>Gets the fraction of GPU memory vLLM may use (<c>--gpu-memory-utilization</c>).</summary>
    public double GpuMemoryUtilization { get; init => field = Guard.Fraction(value, nameof(GpuMemoryUtilization)); } = 0.9;

    /// <summary>Gets the most replicas a plan may use.</summary>
    public int MaxReplicas { get; init => field = Guard.Positive(value, nameof(MaxReplicas)); } = 256;

    /// <summary>Gets how many recommendations to return.</summary>
    public int Top { get; init => field = Guard.Positive(value, nameof(Top)); } = 5;

    /// <summary>Gets the cost assumptions for owned and purchased hardware.</summary>
    public CostAssumptions Costs { get; init; } = new();
}

/// <summary>Everything the planner needs: the use case, the traffic, the SLOs and the constraints.</summary>
public sealed record DeploymentSpecification
{
    /// <summary>Gets the use case.</summary>
    public required UseCase UseCase { get; init; }

    /// <summary>Gets the experience class.</summary>
    public required ExperienceClass ExperienceClass { get; init; }

    /// <summary>Gets the traffic to serve.</summary>
    public required TrafficProfile Traffic { get; init; }

    /// <summary>Gets the SLO targets.</summary>
    public required SloTargets Slo { get; init; }

    /// <summary>Gets the constraints.</summary>
    public PlanningConstraints Constraints { get; init; } = new();
}
