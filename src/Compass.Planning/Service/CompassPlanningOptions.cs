using Compass.Core;

namespace Compass.Planning.Service;

/// <summary>Defaults for planning runs, bound from configuration (section <c>Compass:Planning</c> by convention).</summary>
public sealed class CompassPlanningOptions
{
    /// <summary>Gets or sets the spare capacity kept above peak (0.1 = 10%).</summary>
    public double Headroom { get; set; } = 0.1;

    /// <summary>Gets or sets the extra replicas kept for failures.</summary>
    public int RedundantReplicas { get; set; }

    /// <summary>Gets or sets the fraction of GPU memory vLLM may use.</summary>
    public double GpuMemoryUtilization { get; set; } = 0.9;

    /// <summary>Gets or sets the most replicas a plan may use.</summary>
    public int MaxReplicas { get; set; } = 256;

    /// <summary>Gets or sets the cloud provider to price with (null for the cheapest listed).</summary>
    public string? Provider { get; set; }

    /// <summary>Gets or sets the cloud pricing tier.</summary>
    public PricingTier PricingTier { get; set; } = PricingTier.OnDemand;

    /// <summary>Gets or sets how many recommendations to return.</summary>
    public int Top { get; set; } = 5;

    /// <summary>
    /// Gets or sets whether physics-estimated options are checked by the continuous-batching simulation before they are
    /// shown (default on; off makes a plan faster and purely analytic).
    /// </summary>
    public bool VerifyBySimulation { get; set; } = true;

    /// <summary>
    /// Gets or sets how many configurations a plan sizes and simulates at once: -1 (the default) for one per processor,
    /// 1 to plan on the calling thread only. Plans are identical whatever the value; only their speed changes.
    /// </summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>Gets or sets the cost assumptions for owned and purchased hardware.</summary>
    public CostAssumptions Costs { get; set; } = new();

    /// <summary>Converts the options to constraint defaults.</summary>
    /// <returns>The defaults.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public PlanningConstraints ToDefaults() => new()
    {
        Headroom = Headroom,
        RedundantReplicas = RedundantReplicas,
        GpuMemoryUtilization = GpuMemoryUtilization,
        MaxReplicas = MaxReplicas,
        Provider = string.IsNullOrWhiteSpace(Provider) ? null : CloudProvider.Parse(Provider),
        PricingTier = PricingTier,
        Top = Top,
        Costs = Costs ?? new CostAssumptions(),
    };
}
