using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Compass.Kserve.Validation;

/// <summary>
/// Strict checks of built-in kinds with KubernetesClient's models: the object must deserialize into the model (wrong
/// types fail with their JSON path) and every field must survive the round trip (a field the model does not have is
/// an unknown field, as <c>kubectl --validate=strict</c> reports it).
/// </summary>
internal static class BuiltInKinds
{
    private static readonly MethodInfo DeserializeMethod = typeof(KubernetesJson).GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Single(m => m.Name == nameof(KubernetesJson.Deserialize) && m.IsGenericMethodDefinition
            && m.GetParameters() is [{ ParameterType: var p }, ..] && p == typeof(string));

    private static readonly FrozenDictionary<string, Type> Models = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [Key("v1", "ConfigMap")] = typeof(V1ConfigMap),
        [Key("v1", "Secret")] = typeof(V1Secret),
        [Key("v1", "Service")] = typeof(V1Service),
        [Key("v1", "Namespace")] = typeof(V1Namespace),
        [Key("policy/v1", "PodDisruptionBudget")] = typeof(V1PodDisruptionBudget),
        [Key("apps/v1", "Deployment")] = typeof(V1Deployment),
        [Key("networking.k8s.io/v1", "NetworkPolicy")] = typeof(V1NetworkPolicy),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Gets the kinds checked here, as <c>apiVersion Kind</c>.</summary>
    public static IEnumerable<string> Names => Models.Keys;

    /// <summary>Gets whether a kind is checked here.</summary>
    /// <param name="apiVersion">The <c>apiVersion</c>.</param>
    /// <param name="kind">The kind.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool IsKnown(string apiVersion, string kind) => Models.ContainsKey(Key(apiVersion, kind));

    /// <summary>Deserializes strictly and reports every problem with its JSON path.</summary>
    /// <param name="obj">The object.</param>
    /// <returns>The errors.</returns>
    public static IReadOnlyList<(string Path, string Message)> Check(JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]!.GetValue<string>();
        var kind = obj["kind"]!.GetValue<string>();
        var type = Models[Key(apiVersion, kind)];
        object? model;
        try
        {
            model = DeserializeMethod.MakeGenericMethod(type).Invoke(null, [obj.ToJsonString(), null]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is JsonException json)
        {
            return [(json.Path ?? "$", FirstSentence(json.Message))];
        }
        catch (TargetInvocationException ex) when (ex.InnerException is FormatException or ArgumentException or InvalidOperationException)
        {
            return [("$", FirstSentence(ex.InnerException.Message))];
        }

        var roundTrip = JsonNode.Parse(KubernetesJson.Serialize(model));
        var errors = new List<(string, string)>();
        Compare(obj, roundTrip, "$", errors);
        if (obj["metadata"]?["name"] is null)
        {
            errors.Add(("$.metadata.name", "is required"));
        }

        return errors;
    }

    private static void Compare(JsonNode? given, JsonNode? kept, string path, List<(string, string)> errors)
    {
        switch (given)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var child = StructuralSchemaValidator.Child(path, name);
                    if (kept is not JsonObject keptObj || !keptObj.TryGetPropertyValue(name, out var keptValue))
                    {
                        if (value is not null)
                        {
                            errors.Add((child, $"unknown field '{name}'"));
                        }

                        continue;
                    }

                    Compare(value, keptValue, child, errors);
                }

                break;
            case JsonArray array when kept is JsonArray keptArray:
                for (var i = 0; i < array.Count && i < keptArray.Count; i++)
                {
                    Compare(array[i], keptArray[i], $"{path}[{i}]", errors);
                }

                break;
            default:
                break;
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }

    private static string Key(string apiVersion, string kind) => $"{apiVersion} {kind}";
}
