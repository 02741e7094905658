namespace Compass.Kserve.Deployment;

/// <summary>A Kubernetes resource type: how an apiVersion and kind map onto a REST path.</summary>
/// <param name="Group">The API group; empty for the core group (<c>/api/v1</c>).</param>
/// <param name="Version">The version, e.g. <c>v1beta1</c>.</param>
/// <param name="Kind">The kind, e.g. <c>InferenceService</c>.</param>
/// <param name="Plural">The resource name in the path, e.g. <c>inferenceservices</c>.</param>
/// <param name="Namespaced">Whether objects live in a namespace.</param>
internal sealed record ResourceType(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    /// <summary>Gets the qualified resource name RBAC rules use, e.g. <c>inferenceservices.serving.kserve.io</c> (or <c>configmaps</c>).</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Gets the apiVersion, e.g. <c>serving.kserve.io/v1beta1</c> or <c>v1</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Gets the REST path of an object or of the collection.</summary>
    /// <param name="namespace">The namespace (ignored for cluster-scoped types).</param>
    /// <param name="name">The object's name, or <see langword="null"/> for the collection.</param>
    /// <returns>A path such as <c>/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices/name</c>.</returns>
    public string Path(string? @namespace, string? name = null)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        var scope = Namespaced && @namespace is not null ? $"/namespaces/{@namespace}" : string.Empty;
        return $"{root}{scope}/{Plural}{(name is null ? string.Empty : "/" + name)}";
    }
}
