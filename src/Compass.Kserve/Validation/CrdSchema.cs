using System.Text.Json.Nodes;

namespace Compass.Kserve.Validation;

/// <summary>The schema of one served version of a CustomResourceDefinition.</summary>
/// <param name="Group">The API group (<c>serving.kserve.io</c>).</param>
/// <param name="Version">The version (<c>v1beta1</c>).</param>
/// <param name="Kind">The kind (<c>InferenceService</c>).</param>
/// <param name="Schema">The version's <c>openAPIV3Schema</c>.</param>
internal sealed record CrdSchema(string Group, string Version, string Kind, JsonObject Schema)
{
    /// <summary>Gets the <c>apiVersion</c> objects of this version carry.</summary>
    public string ApiVersion => $"{Group}/{Version}";
}
