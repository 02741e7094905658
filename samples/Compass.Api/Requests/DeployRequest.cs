using System.Text.Json;

namespace Compass.Api.Requests;

/// <summary>The body of <c>POST /api/deployments</c>: generate the manifests for a plan's recommendation and apply them.</summary>
internal sealed record DeployRequest
{
    /// <summary>Gets the plan.</summary>
    public JsonElement? Plan { get; init; }

    /// <summary>Gets the recommendation's rank (default 1).</summary>
    public int? Rank { get; init; }

    /// <summary>Gets the manifest options.</summary>
    public ManifestOptionsRequest? Options { get; init; }

    /// <summary>Gets the namespace (default: the options', else the cluster's default).</summary>
    public string? Namespace { get; init; }

    /// <summary>Gets the deployment's name (default: the InferenceService's).</summary>
    public string? Name { get; init; }

    /// <summary>Gets a value indicating whether to create the namespace when missing.</summary>
    public bool? CreateNamespace { get; init; }

    /// <summary>Gets a value indicating whether to validate on the API server only (nothing is stored).</summary>
    public bool? DryRun { get; init; }

    /// <summary>Gets a value indicating whether to take ownership of fields another tool set.</summary>
    public bool? Force { get; init; }
}
