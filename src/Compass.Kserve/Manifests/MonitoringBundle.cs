using System.Collections.Immutable;

namespace Compass.Kserve.Manifests;

/// <summary>
/// Everything Compass generates to watch one deployment's SLO, beyond the Kubernetes objects: the same alerts as the
/// PrometheusRule as a plain Prometheus rules file, promtool unit tests for every alert, an Alertmanager configuration
/// that routes them by severity, the runbook the alerts link to, and the Grafana dashboard. All of them come from one
/// list of alerts (<see cref="Alerts"/>), so they cannot drift apart.
/// </summary>
public sealed record MonitoringBundle
{
    /// <summary>The runbook's file name, beside the manifests (<c>compass generate --out</c> writes it).</summary>
    public const string RunbookFileName = "runbook.md";

    /// <summary>The rules file name the promtool tests (<see cref="RuleTests"/>) load, relative to the tests' own file.</summary>
    public const string RulesFileName = "prometheus-rules.yaml";

    /// <summary>Gets the alerts, in the order of the PrometheusRule.</summary>
    public required ImmutableArray<AlertDefinition> Alerts { get; init; }

    /// <summary>Gets the rule groups of the PrometheusRule as a Prometheus rules file (<c>groups:</c>), for a Prometheus outside the operator, <c>promtool check rules</c> and <see cref="RuleTests"/>.</summary>
    public required string RulesFile { get; init; }

    /// <summary>
    /// Gets promtool unit tests (<c>promtool test rules</c>) for every alert: input series that stay below the warning
    /// threshold, then cross the alert's own threshold, with the alerts expected before and after (labels and the
    /// annotations rendered with the value the series produce). They load <see cref="RulesFileName"/> from their folder.
    /// </summary>
    public required string RuleTests { get; init; }

    /// <summary>Gets an Alertmanager configuration (<c>alertmanager.yml</c>) that routes the alerts by severity to webhooks, with no secret in it.</summary>
    public required string AlertmanagerConfig { get; init; }

    /// <summary>Gets the runbook (Markdown) the alerts' <c>runbook_url</c> annotations point into, one section per alert.</summary>
    public required string Runbook { get; init; }

    /// <summary>Gets the Grafana dashboard's JSON (the same as in the dashboard ConfigMap).</summary>
    public required string DashboardJson { get; init; }
}

/// <summary>One generated alert.</summary>
/// <param name="Name">The alert's name (<c>VllmTtftSloCritical</c>).</param>
/// <param name="Severity">Its <c>severity</c> label: <c>critical</c> or <c>warning</c>.</param>
/// <param name="Signal">The PromQL of the measured value, without the comparison.</param>
/// <param name="Threshold">The value above which the alert's condition holds.</param>
/// <param name="Expression">The alert's expression: <paramref name="Signal"/> <c>&gt;</c> <paramref name="Threshold"/>.</param>
/// <param name="For">How long the condition must hold before the alert fires.</param>
/// <param name="RunbookUrl">The alert's <c>runbook_url</c>.</param>
public sealed record AlertDefinition(string Name, string Severity, string Signal, double Threshold, string Expression, TimeSpan For, string RunbookUrl);
