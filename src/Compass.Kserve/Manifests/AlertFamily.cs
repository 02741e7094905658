namespace Compass.Kserve.Manifests;

/// <summary>What an alert's value measures, which decides how it is humanized and how the rule tests feed it.</summary>
internal enum SignalShape
{
    /// <summary>A latency quantile from a histogram, in seconds.</summary>
    Histogram,

    /// <summary>The share of requests answered 5xx, 0–1.</summary>
    ErrorRatio,

    /// <summary>Requests waiting per replica.</summary>
    Waiting,

    /// <summary>KV-cache use, 0–1.</summary>
    KvCache,
}

/// <summary>
/// A pair of alerts (warning, critical) on one signal, with what the runbook says about them. The single source of
/// the PrometheusRule, the rules file, the promtool tests, the runbook and the dashboard's thresholds.
/// </summary>
internal sealed record AlertFamily
{
    /// <summary>Gets the alert name prefix; the alerts add <c>Warning</c> and <c>Critical</c>.</summary>
    public required string Prefix { get; init; }

    /// <summary>Gets the signal in words (<c>p95 time to first token</c>).</summary>
    public required string What { get; init; }

    /// <summary>Gets the PromQL of the value.</summary>
    public required string Signal { get; init; }

    /// <summary>Gets the shape of the value.</summary>
    public required SignalShape Shape { get; init; }

    /// <summary>Gets the histogram series the rule tests feed (<see cref="SignalShape.Histogram"/> only).</summary>
    public string? Histogram { get; init; }

    /// <summary>Gets the warning threshold.</summary>
    public required double Warning { get; init; }

    /// <summary>Gets the critical threshold.</summary>
    public required double Critical { get; init; }

    /// <summary>Gets what the critical threshold is, in words (<c>the 200 ms SLO target</c>).</summary>
    public required string CriticalMeaning { get; init; }

    /// <summary>Gets what the warning threshold is, in words.</summary>
    public required string WarningMeaning { get; init; }

    /// <summary>Gets the plan's prediction for the value at peak, in words, or <see langword="null"/>.</summary>
    public string? Predicted { get; init; }

    /// <summary>Gets what the alert means for this deployment (runbook).</summary>
    public required string Meaning { get; init; }

    /// <summary>Gets the likely causes, most likely first (runbook).</summary>
    public required IReadOnlyList<string> Causes { get; init; }

    /// <summary>Gets what to change, with the plan's numbers (runbook).</summary>
    public required IReadOnlyList<string> Changes { get; init; }

    /// <summary>Gets the Prometheus template that renders the value (<c>{{ $value | humanizeDuration }}</c>).</summary>
    public string ValueTemplate => Shape switch
    {
        SignalShape.Histogram => "{{ $value | humanizeDuration }}",
        SignalShape.Waiting => "{{ $value | humanize }}",
        _ => "{{ $value | humanizePercentage }}",
    };

    /// <summary>Renders a value as <see cref="ValueTemplate"/> does.</summary>
    public string Humanize(double value) => Shape switch
    {
        SignalShape.Histogram => GoFormat.HumanizeDuration(value),
        SignalShape.Waiting => GoFormat.Humanize(value),
        _ => GoFormat.HumanizePercentage(value),
    };

    /// <summary>Gets whether the value cannot exceed 1.</summary>
    public bool IsShare => Shape is SignalShape.ErrorRatio or SignalShape.KvCache;
}
