using System.Text.Json.Nodes;

namespace Compass.Kserve.Deployment;

/// <summary>
/// One Kubernetes object read from a manifest file: its identity (apiVersion, kind, name, namespace), where it came
/// from, and its content as a JSON tree.
/// </summary>
/// <remarks>
/// The record is immutable by convention: <see cref="Content"/> is never changed after loading; every method that
/// needs a different object works on a <see cref="JsonNode.DeepClone"/>. Use <see cref="ContentClone"/> to get a copy
/// you may change.
/// </remarks>
/// <param name="ApiVersion">The <c>apiVersion</c>, e.g. <c>serving.kserve.io/v1beta1</c> or <c>v1</c>.</param>
/// <param name="Kind">The <c>kind</c>, e.g. <c>InferenceService</c>.</param>
/// <param name="Name">The <c>metadata.name</c>.</param>
/// <param name="Namespace">The <c>metadata.namespace</c>, or <see langword="null"/> when the manifest leaves it out.</param>
/// <param name="Source">Where the object came from, for messages: <c>file.yaml (document 2)</c>.</param>
/// <param name="Content">The whole object.</param>
public sealed record ManifestDocument(string ApiVersion, string Kind, string Name, string? Namespace, string Source, JsonObject Content)
{
    /// <summary>Gets the API group: the part of <see cref="ApiVersion"/> before the slash, or empty for the core group.</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;

    /// <summary>Gets the version: the part of <see cref="ApiVersion"/> after the slash, or all of it for the core group.</summary>
    public string Version => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[(ApiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..] : ApiVersion;

    /// <summary>Gets a short reference for messages, e.g. <c>InferenceService llama/chat</c>.</summary>
    public string Reference => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";

    /// <summary>Returns a deep copy of <see cref="Content"/> that the caller may change.</summary>
    /// <returns>A new JSON object.</returns>
    public JsonObject ContentClone() => (JsonObject)Content.DeepClone();

    /// <summary>Returns the same object with <see cref="Content"/> replaced and the identity read again from it.</summary>
    /// <param name="content">The new content (kept, not copied).</param>
    /// <returns>A new document.</returns>
    internal ManifestDocument WithContent(JsonObject content)
        => this with { Content = content, Namespace = content["metadata"]?["namespace"]?.GetValue<string>() };
}
