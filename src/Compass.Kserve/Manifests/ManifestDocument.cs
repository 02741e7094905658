namespace Compass.Kserve.Manifests;

/// <summary>One generated Kubernetes object, as YAML.</summary>
/// <param name="ApiVersion">Its <c>apiVersion</c>.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Name">Its name.</param>
/// <param name="FileName">The file it is written to (<c>01-inferenceservice.yaml</c>).</param>
/// <param name="Yaml">The YAML document.</param>
public sealed record ManifestDocument(string ApiVersion, string Kind, string Name, string FileName, string Yaml);
