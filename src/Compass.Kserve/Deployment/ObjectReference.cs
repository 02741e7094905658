namespace Compass.Kserve.Deployment;

/// <summary>Names one Kubernetes object.</summary>
/// <param name="ApiVersion">The apiVersion.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Name">The name.</param>
/// <param name="Namespace">The namespace, or <see langword="null"/> for cluster-scoped objects.</param>
public sealed record ObjectReference(string ApiVersion, string Kind, string Name, string? Namespace)
{
    /// <inheritdoc/>
    public override string ToString() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
