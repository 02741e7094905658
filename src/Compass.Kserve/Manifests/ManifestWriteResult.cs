namespace Compass.Kserve.Manifests;

/// <summary>What <see cref="ManifestWriter"/> did in an output folder.</summary>
/// <param name="Directory">The folder, as a full path.</param>
/// <param name="Written">The files written (manifests first, then the kustomization), as full paths.</param>
/// <param name="Removed">Files an earlier Compass write left that the new set no longer has, removed, as full paths.</param>
public sealed record ManifestWriteResult(string Directory, IReadOnlyList<string> Written, IReadOnlyList<string> Removed);
