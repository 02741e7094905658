namespace Compass.Kserve.Deployment;

/// <summary>One object as the API server answered a server-side apply.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="ApiVersion">The apiVersion.</param>
/// <param name="Name">The name.</param>
/// <param name="Namespace">The namespace, or <see langword="null"/> for cluster-scoped objects.</param>
/// <param name="Uid">The server's <c>metadata.uid</c> (empty on a dry run that created nothing).</param>
/// <param name="ResourceVersion">The server's <c>metadata.resourceVersion</c> after the apply.</param>
/// <param name="Generation">The server's <c>metadata.generation</c>, if it keeps one.</param>
public sealed record AppliedObject(string Kind, string ApiVersion, string Name, string? Namespace, string Uid, string ResourceVersion, long? Generation)
{
    /// <summary>Gets a short reference, e.g. <c>InferenceService ns/name</c>.</summary>
    public string Reference => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
