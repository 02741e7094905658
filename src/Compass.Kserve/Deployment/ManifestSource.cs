namespace Compass.Kserve.Deployment;

/// <summary>The manifests of a folder as <see cref="ManifestLoader.Load"/> read them, and what the folder says about them.</summary>
/// <param name="Documents">The objects, in the order the kustomization lists their files (else file-name order), then document order.</param>
/// <param name="Namespace">The namespace the kustomization sets for every namespaced object, or <see langword="null"/> when it sets none.</param>
/// <param name="Ignored">Manifest files in the folder that the kustomization does not list, so were not read.</param>
/// <param name="WrittenByCompass">Whether Compass wrote the folder (it has the marker file).</param>
public sealed record ManifestSource(IReadOnlyList<ManifestDocument> Documents, string? Namespace, IReadOnlyList<string> Ignored, bool WrittenByCompass);
