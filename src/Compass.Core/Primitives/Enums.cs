namespace Compass.Core;

/// <summary>How much a user weighs one dimension (latency, cost or accuracy) of a recommendation.</summary>
public enum Priority
{
    /// <summary>Matters less than usual.</summary>
    Low,

    /// <summary>The default when the user does not say.</summary>
    Medium,

    /// <summary>Matters more than usual.</summary>
    High,
}

/// <summary>How the GPUs are paid for.</summary>
public enum DeploymentModel
{
    /// <summary>Rented by the hour from a cloud provider.</summary>
    Cloud,

    /// <summary>Hardware the team already owns: only power and cooling are costed.</summary>
    Owned,

    /// <summary>Hardware to be bought: capital cost amortized over its life, plus power.</summary>
    Purchase,
}

/// <summary>A cloud pricing tier.</summary>
public enum PricingTier
{
    /// <summary>Pay as you go.</summary>
    OnDemand,

    /// <summary>Interruptible capacity at a discount.</summary>
    Spot,

    /// <summary>Committed use (typically one year) at a discount.</summary>
    Reserved,
}

/// <summary>Where a performance prediction comes from, from most to least direct.</summary>
public enum PredictionSource
{
    /// <summary>Read from a benchmark sweep of this exact configuration and traffic profile (interpolated only along request rate).</summary>
    Benchmarked,

    /// <summary>Interpolated across benchmarked traffic profiles of this configuration.</summary>
    Interpolated,

    /// <summary>Estimated by the physics model; no benchmark of this configuration was used.</summary>
    Estimated,

    /// <summary>Estimated by the physics model and verified by the continuous-batching simulation at the planned load.</summary>
    Simulated,
}

/// <summary>A latency metric an SLO sets a target for.</summary>
public enum SloMetric
{
    /// <summary>Time to first token.</summary>
    Ttft,

    /// <summary>Inter-token latency.</summary>
    Itl,

    /// <summary>End-to-end request latency.</summary>
    E2e,
}
