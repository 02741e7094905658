using k8s.Models;

namespace Compass.Kserve.Manifests.Resources;

/// <summary>A Prometheus-operator <c>PrometheusRule</c> (<c>monitoring.coreos.com/v1</c>).</summary>
internal sealed record PrometheusRule
{
    /// <summary>Gets the API version.</summary>
    public string ApiVersion { get; init; } = "monitoring.coreos.com/v1";

    /// <summary>Gets the kind.</summary>
    public string Kind { get; init; } = "PrometheusRule";

    /// <summary>Gets the metadata.</summary>
    public required V1ObjectMeta Metadata { get; init; }

    /// <summary>Gets the spec.</summary>
    public required PrometheusRuleSpec Spec { get; init; }
}

/// <summary>The spec of a <see cref="PrometheusRule"/>.</summary>
/// <param name="Groups">The rule groups.</param>
internal sealed record PrometheusRuleSpec(IReadOnlyList<RuleGroup> Groups);

/// <summary>A group of alerting rules.</summary>
/// <param name="Name">The group's name.</param>
/// <param name="Rules">The rules.</param>
internal sealed record RuleGroup(string Name, IReadOnlyList<AlertRule> Rules);

/// <summary>One alerting rule.</summary>
internal sealed record AlertRule
{
    /// <summary>Gets the alert's name.</summary>
    public required string Alert { get; init; }

    /// <summary>Gets the PromQL expression; the alert fires while it returns a series.</summary>
    public required string Expr { get; init; }

    /// <summary>Gets how long the expression must hold before the alert fires.</summary>
    public string For { get; init; } = "5m";

    /// <summary>Gets the labels (<c>severity</c>).</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>Gets the annotations (<c>summary</c>, <c>description</c>).</summary>
    public required IReadOnlyDictionary<string, string> Annotations { get; init; }
}
