namespace Compass.Api.Requests;

/// <summary>Values that override what a description says; the JSON twin of <c>compass plan</c>'s flags.</summary>
internal sealed record OverridesRequest
{
    /// <summary>Gets a use case id or alias (see <c>/api/catalog/use-cases</c>).</summary>
    public string? UseCase { get; init; }

    /// <summary>Gets the number of users.</summary>
    public int? Users { get; init; }

    /// <summary>Gets the mean request rate, in requests per second (wins over users).</summary>
    public double? Qps { get; init; }

    /// <summary>Gets the peak ÷ mean rate.</summary>
    public double? PeakMultiplier { get; init; }

    /// <summary>Gets the GPU types to consider.</summary>
    public string[]? Gpus { get; init; }

    /// <summary>Gets the models to consider (ids or aliases).</summary>
    public string[]? Models { get; init; }

    /// <summary>Gets the weight formats to consider (bf16, fp8, w8a8, w4a16, mxfp4).</summary>
    public string[]? Quantizations { get; init; }

    /// <summary>Gets the most to spend, in USD per month.</summary>
    public double? BudgetUsdPerMonth { get; init; }

    /// <summary>Gets the deployment model: cloud, owned or purchase.</summary>
    public string? Deployment { get; init; }

    /// <summary>Gets the cloud provider to price with.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the pricing tier: on-demand, spot or reserved.</summary>
    public string? Pricing { get; init; }

    /// <summary>Gets the latency priority: low, medium or high.</summary>
    public string? Latency { get; init; }

    /// <summary>Gets the cost priority: low, medium or high.</summary>
    public string? Cost { get; init; }

    /// <summary>Gets the accuracy priority: low, medium or high.</summary>
    public string? Accuracy { get; init; }

    /// <summary>Gets the time-to-first-token target, in ms.</summary>
    public double? TtftMs { get; init; }

    /// <summary>Gets the inter-token latency target, in ms.</summary>
    public double? ItlMs { get; init; }

    /// <summary>Gets the end-to-end latency target, in ms.</summary>
    public double? E2eMs { get; init; }

    /// <summary>Gets the SLO percentile (90, 95 or 99).</summary>
    public double? Percentile { get; init; }

    /// <summary>Gets the prompt length distribution (512, normal:512,128, lognormal:512,128 or sharegpt).</summary>
    public string? PromptTokens { get; init; }

    /// <summary>Gets the output length distribution, in the same forms.</summary>
    public string? OutputTokens { get; init; }

    /// <summary>Gets the spare capacity above peak (0.1 = 10%).</summary>
    public double? Headroom { get; init; }

    /// <summary>Gets the extra replicas kept for failures.</summary>
    public int? Redundancy { get; init; }
}
