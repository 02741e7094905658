using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Compass.Kserve.Deployment;

/// <summary>
/// Keeps credentials out of the revision history, which lives in a ConfigMap that more people can usually read than
/// Secrets: a Secret is stored as a reference with the SHA-256 of its content, and a literal environment value whose
/// name looks like a credential (TOKEN, SECRET, PASSWORD, API_KEY …) as the SHA-256 of the value.
/// </summary>
internal static partial class RevisionRedactor
{
    /// <summary>The field of a stored Secret reference that holds the content hash.</summary>
    public const string SecretHashField = "compass.io/sha256";

    /// <summary>The prefix of a redacted environment value.</summary>
    public const string RedactedPrefix = "compass.io/redacted sha256:";

    public static JsonObject Redact(JsonObject applied)
    {
        if (IsSecretReference(applied))
        {
            return (JsonObject)applied.DeepClone();
        }

        if (IsSecret(applied))
        {
            var metadata = applied["metadata"] as JsonObject;
            return new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Secret",
                ["metadata"] = new JsonObject { ["name"] = metadata?["name"]?.DeepClone(), ["namespace"] = metadata?["namespace"]?.DeepClone() },
                [SecretHashField] = SecretHash(applied),
            };
        }

        var copy = (JsonObject)applied.DeepClone();
        RedactEnv(copy);
        return copy;
    }

    public static bool IsSecret(JsonObject o)
        => o["apiVersion"]?.GetValue<string>() == "v1" && o["kind"]?.GetValue<string>() == "Secret";

    public static bool IsSecretReference(JsonObject o) => IsSecret(o) && o[SecretHashField] is not null;

    /// <summary>The SHA-256 of a Secret's type and content (<c>data</c> decoded, merged with <c>stringData</c>), so an applied manifest and the stored Secret hash alike.</summary>
    public static string SecretHash(JsonObject secret)
    {
        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in secret["data"] as JsonObject ?? [])
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var base64))
            {
                try
                {
                    entries[key] = Convert.FromBase64String(base64);
                }
                catch (FormatException)
                {
                    entries[key] = Encoding.UTF8.GetBytes(base64);
                }
            }
        }

        foreach (var (key, value) in secret["stringData"] as JsonObject ?? [])
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                entries[key] = Encoding.UTF8.GetBytes(text);
            }
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes((secret["type"]?.GetValue<string>() ?? "Opaque") + "\0"));
        foreach (var (key, bytes) in entries)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{key}\0{bytes.Length}\0"));
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static bool IsRedacted(string value) => value.StartsWith(RedactedPrefix, StringComparison.Ordinal);

    public static string ValueHash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>
    /// Puts the live object's values back in place of the redacted environment values of a stored revision.
    /// </summary>
    /// <returns>The names of the variables restored from the live object; throws when one cannot be.</returns>
    public static IReadOnlyList<string> Restore(JsonObject stored, JsonObject? live, string reference)
    {
        var restored = new List<string>();
        Walk(stored, live, (name, value, liveValue) =>
        {
            if (!IsRedacted(value))
            {
                return null;
            }

            if (liveValue is null)
            {
                throw new DeploymentException(
                    DeploymentFailure.NoRevision,
                    $"The earlier revision of {reference} set env {name} to a literal value that Compass does not keep (it looks like a credential), and the live object has no value to keep; put the value in a Secret (valueFrom.secretKeyRef) and deploy again.",
                    reference);
            }

            restored.Add(name);
            return liveValue;
        });
        return restored;
    }

    private static void RedactEnv(JsonNode node) => Walk(node, null, (name, value, _) =>
        CredentialName().IsMatch(name) && !IsRedacted(value) ? RedactedPrefix + ValueHash(value) : null);

    // Visits every env entry (an array under a key named "env" whose items have name and a string value), with the
    // live object's entry at the same path; a non-null answer replaces the value.
    private static void Walk(JsonNode? node, JsonNode? live, Func<string, string, string?, string?> visit)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    var liveChild = (live as JsonObject)?[key];
                    if (key == "env" && child is JsonArray env)
                    {
                        foreach (var entry in env.OfType<JsonObject>())
                        {
                            if (entry["name"] is JsonValue n && n.TryGetValue<string>(out var name) && entry["value"] is JsonValue v && v.TryGetValue<string>(out var value))
                            {
                                var liveValue = (liveChild as JsonArray)?.OfType<JsonObject>().FirstOrDefault(e => e["name"]?.GetValue<string>() == name)?["value"] is JsonValue lv && lv.TryGetValue<string>(out var l) ? l : null;
                                if (visit(name, value, liveValue) is { } replacement)
                                {
                                    entry["value"] = replacement;
                                }
                            }
                        }
                    }
                    else
                    {
                        Walk(child, liveChild, visit);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var liveArray = live as JsonArray;
                    var liveItem = liveArray is not null && i < liveArray.Count ? liveArray[i] : null;

                    // Containers are matched by name, not position, when they have one.
                    if (array[i] is JsonObject item && item["name"] is JsonValue nv && nv.TryGetValue<string>(out var itemName) && liveArray is not null)
                    {
                        liveItem = liveArray.OfType<JsonObject>().FirstOrDefault(l => l["name"]?.GetValue<string>() == itemName);
                    }

                    Walk(array[i], liveItem, visit);
                }

                break;
        }
    }

    [GeneratedRegex(@"(TOKEN|SECRET|PASSW(OR)?D|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialName();
}
