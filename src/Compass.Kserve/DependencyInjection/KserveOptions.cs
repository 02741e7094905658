using Compass.Kserve.Manifests;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Options of <see cref="CompassKserveServiceCollectionExtensions.AddCompassKserve"/>.</summary>
public sealed class KserveOptions
{
    /// <summary>Gets or sets the manifest options used when a call gives none (namespace, images, token Secret, …).</summary>
    public ManifestOptions Manifests { get; set; } = new();
}
