using Compass.Api.Infrastructure;
using Compass.Core;
using Compass.Core.Serialization;
using Compass.Kserve.Manifests;
using Compass.Planning.Service;

namespace Compass.Api.Requests;

/// <summary>Generates manifests for a request with <see cref="ManifestGenerator"/>: the API's <c>compass generate</c>.</summary>
internal sealed class ManifestRunner(PlanningService planning)
{
    public static Plan ReadPlan(ManifestRequest request, string field = "plan")
    {
        if (request.Plan is not { ValueKind: System.Text.Json.JsonValueKind.Object } plan)
        {
            throw ApiProblemException.Invalid(field, $"{field} is required: the plan as POST /api/plan returned it.");
        }

        return Fields.Read(field, () => PlanFile.Parse(plan.GetRawText()));
    }

    public async Task<(Plan Plan, ManifestSet Set)> GenerateAsync(ManifestRequest request, CancellationToken cancellationToken)
    {
        var plan = ReadPlan(request);
        if (plan.Recommendations.IsEmpty)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "No recommendation", "The plan has no recommendation to deploy (no configuration met the SLOs).", "plan");
        }

        var rank = request.Rank ?? 1;
        var recommendation = plan.Recommendations.FirstOrDefault(r => r.Rank == rank)
            ?? throw ApiProblemException.Invalid("rank", $"rank {rank}: the plan has recommendations ranked {string.Join(", ", plan.Recommendations.Select(r => r.Rank))}.");
        var o = request.Options ?? new ManifestOptionsRequest();
        var defaults = new ManifestOptions();
        NetworkPolicyOptions? network = null;
        if (o.AllowFrom is { Length: > 0 } gateways)
        {
            var policy = new NetworkPolicyOptions();
            network = policy with
            {
                GatewayNamespaces = [.. gateways],
                MonitoringNamespaces = o.MetricsFrom is { Length: > 0 } monitoring ? [.. monitoring] : policy.MonitoringNamespaces,
            };
        }
        else if (o.MetricsFrom is { Length: > 0 })
        {
            throw ApiProblemException.Invalid("options.metricsFrom", "options.metricsFrom shapes the NetworkPolicy that options.allowFrom adds; give options.allowFrom too.");
        }

        var options = defaults with
        {
            Namespace = o.Namespace ?? defaults.Namespace,
            Name = o.Name,
            Simulator = o.Simulator ?? false,
            VllmImage = o.Image ?? defaults.VllmImage,
            VllmRunAsUser = Fields.Range("options.runAsUser", o.RunAsUser, 1, int.MaxValue),
            VllmImageRunsAsNonRoot = o.ImageRunsAsNonRoot ?? false,
            NetworkPolicy = network,
            SimulatorImage = o.SimulatorImage ?? defaults.SimulatorImage,
            HuggingFaceTokenSecret = o.HfSecret ?? defaults.HuggingFaceTokenSecret,
            Monitoring = Monitoring(o),
        };
        var catalog = await planning.GetCatalogAsync(cancellationToken).ConfigureAwait(false);
        var set = Fields.Read("options", () => new ManifestGenerator(catalog).Generate(plan, recommendation, options));
        return (plan, set);
    }

    // Each field is read and checked on its own, so a bad value is a 400 that names it.
    private static MonitoringOptions Monitoring(ManifestOptionsRequest o)
    {
        var defaults = new MonitoringOptions();
        var monitoring = defaults with
        {
            AlertFor = o.AlertFor is { } alertFor ? Duration("options.alertFor", alertFor, MonitoringOptions.MinimumAlertFor) : defaults.AlertFor,
            RateWindow = o.AlertWindow is { } window ? Duration("options.alertWindow", window, MonitoringOptions.MinimumRateWindow) : defaults.RateWindow,
            RunbookUrl = o.RunbookUrl is { } url
                ? Uri.TryCreate(url.Trim(), UriKind.Absolute, out var runbook) ? runbook : throw ApiProblemException.Invalid("options.runbookUrl", $"options.runbookUrl must be an absolute http(s) URL, e.g. https://wiki.example.com/llm/runbook (got '{url}').")
                : null,
        };
        return Fields.Read("options.runbookUrl", () =>
        {
            monitoring.Validate();
            return monitoring;
        });
    }

    private static TimeSpan Duration(string field, string text, TimeSpan min)
    {
        var duration = Fields.Read(field, () => PrometheusDuration.Parse(text));
        return duration >= min && duration <= MonitoringOptions.MaximumDuration
            ? duration
            : throw ApiProblemException.Invalid(field, $"{field} must be from {PrometheusDuration.Format(min)} to {PrometheusDuration.Format(MonitoringOptions.MaximumDuration)} (got '{text}').");
    }
}
