namespace Compass.Kserve.Manifests;

/// <summary>What an alert's value measures, which decides how it is humanized and how the rule tests feed it.</summary>
internal enum SignalShape
{
    /// <summary>The share of a latency histogram's observations above a bucket bound, 0–1 (<see cref="AlertFamily.Latency"/>).</summary>
    SlowShare,

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

    /// <summary>Gets the signal in words (<c>share of requests answered 5xx</c>).</summary>
    public required string What { get; init; }

    /// <summary>Gets the PromQL of the value.</summary>
    public required string Signal { get; init; }

    /// <summary>Gets the shape of the value.</summary>
    public required SignalShape Shape { get; init; }

    /// <summary>Gets what a latency alert counts (<see cref="SignalShape.SlowShare"/> only), or <see langword="null"/>.</summary>
    public LatencySignal? Latency { get; init; }

    /// <summary>Gets the warning threshold.</summary>
    public required double Warning { get; init; }

    /// <summary>Gets the critical threshold.</summary>
    public required double Critical { get; init; }

    /// <summary>Gets what the critical threshold is, in words (<c>5% of requests</c>).</summary>
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

    /// <summary>Gets the Prometheus template that renders the value (<c>{{ $value | humanizePercentage }}</c>).</summary>
    public string ValueTemplate => Shape == SignalShape.Waiting ? "{{ $value | humanize }}" : "{{ $value | humanizePercentage }}";

    /// <summary>Renders a value as <see cref="ValueTemplate"/> does.</summary>
    public string Humanize(double value) => Shape == SignalShape.Waiting ? GoFormat.Humanize(value) : GoFormat.HumanizePercentage(value);

    /// <summary>Gets whether the value cannot exceed 1.</summary>
    public bool IsShare => Shape is not SignalShape.Waiting;
}
