using System.Text.Json;

namespace Compass.Api.Requests;

/// <summary>The body of <c>POST /api/manifests</c> (and <c>/zip</c>): a plan and the recommendation to deploy.</summary>
internal sealed record ManifestRequest
{
    /// <summary>Gets the plan, as <c>POST /api/plan</c> returned it.</summary>
    public JsonElement? Plan { get; init; }

    /// <summary>Gets the recommendation's rank (default 1).</summary>
    public int? Rank { get; init; }

    /// <summary>Gets the options that shape the manifests.</summary>
    public ManifestOptionsRequest? Options { get; init; }
}

/// <summary>The options of <c>compass generate</c>, as JSON.</summary>
internal sealed record ManifestOptionsRequest
{
    /// <summary>Gets the namespace (default 'default').</summary>
    public string? Namespace { get; init; }

    /// <summary>Gets the objects' name (default: derived from the model).</summary>
    public string? Name { get; init; }

    /// <summary>Gets a value indicating whether to run the Compass simulator instead of vLLM.</summary>
    public bool? Simulator { get; init; }

    /// <summary>Gets the vLLM image.</summary>
    public string? Image { get; init; }

    /// <summary>Gets the simulator image.</summary>
    public string? SimulatorImage { get; init; }

    /// <summary>Gets the Secret holding the Hugging Face token.</summary>
    public string? HfSecret { get; init; }

    /// <summary>Gets the non-root user id to run vLLM as.</summary>
    public int? RunAsUser { get; init; }

    /// <summary>Gets a value indicating whether the image already runs as non-root.</summary>
    public bool? ImageRunsAsNonRoot { get; init; }

    /// <summary>Gets the namespaces a NetworkPolicy admits traffic from.</summary>
    public string[]? AllowFrom { get; init; }

    /// <summary>Gets the namespaces Prometheus scrapes from (with allowFrom).</summary>
    public string[]? MetricsFrom { get; init; }

    /// <summary>Gets how long an SLO alert's condition must hold before it fires, as Prometheus writes it (default '5m').</summary>
    public string? AlertFor { get; init; }

    /// <summary>Gets the rate() window of the alerts and the dashboard, as Prometheus writes it (default '5m').</summary>
    public string? AlertWindow { get; init; }

    /// <summary>Gets where the runbook will be published (default: runbook.md beside the manifests).</summary>
    public string? RunbookUrl { get; init; }
}
