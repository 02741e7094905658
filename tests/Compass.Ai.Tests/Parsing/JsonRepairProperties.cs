using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Ai.Parsing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compass.Ai.Tests.Parsing;

/// <summary>
/// Properties of the repair over generated JSON objects (keys and strings full of braces, quotes and escapes): a clean
/// object is read unchanged; wrapped in prose or fences it is still read unchanged; cut anywhere it is either refused
/// or read as a part of the original, never with a value the original does not hold.
/// </summary>
public sealed class JsonRepairProperties
{
    private static readonly string[] Keys = ["a", "useCase", "user count", "k\"q", "b}", "{c", "x\\y", "ü"];

    private static readonly string[] Strings = ["", "H100", "} , {", "\"quoted\"", "back\\slash", "line\nbreak", "[x]", "```", "tab\t", "é"];

    private static Gen<JsonNode?> Scalar =>
        Gen.OneOf(
            Gen.Choose(-100_000, 100_000).Select(i => (JsonNode?)JsonValue.Create(i)),
            Gen.Choose(0, 10_000).Select(i => (JsonNode?)JsonValue.Create(i / 8.0)),
            Gen.Elements(Strings).Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Constant<JsonNode?>(null));

    private static Arbitrary<string> Objects => Object(3).Select(o => o.ToJsonString()).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property CleanObject_IsReadUnchanged()
        => Prop.ForAll(Objects, json =>
        {
            var result = JsonRepair.Parse(json);
            return result.Succeeded && result.Repairs.IsEmpty && Same(json, result.Root!.Value);
        });

    [Property(MaxTest = 200)]
    public Property WrappedObject_IsReadUnchanged()
        => Prop.ForAll(Objects, Gen.Elements("Sure, here it is:\n", "", "Answer: ").ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (json, prose, fence) =>
        {
            var answer = prose + (fence ? "```json\n" + json + "\n```" : json) + "\nHope this helps!";
            var result = JsonRepair.Parse(answer);
            return result.Succeeded && !result.Truncated && Same(json, result.Root!.Value);
        });

    [Property(MaxTest = 300)]
    public Property CutObject_IsRefusedOrReadAsAPartOfTheOriginal()
        => Prop.ForAll(Objects, Gen.Choose(0, 1000).ToArbitrary(), (json, at) =>
        {
            var cut = json[..(1 + (at % Math.Max(1, json.Length - 1)))];
            var result = JsonRepair.Parse(cut);
            using var original = JsonDocument.Parse(json);
            return !result.Succeeded || (result.Root!.Value.ValueKind == JsonValueKind.Object && PartOf(result.Root.Value, original.RootElement));
        });

    private static Gen<JsonObject> Object(int depth)
        => Gen.Elements(Keys).ListOf().SelectMany(keys => Value(depth - 1).ArrayOf(keys.Distinct().Count()).Select(values =>
        {
            var node = new JsonObject();
            foreach (var (key, value) in keys.Distinct().Zip(values))
            {
                node[key] = value;
            }

            return node;
        }));

    private static Gen<JsonNode?> Value(int depth)
        => depth <= 0
            ? Scalar
            : Gen.Frequency(
                (6, Scalar),
                (1, Object(depth).Select(o => (JsonNode?)o)),
                (1, Value(depth - 1).ListOf().Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]))));

    private static bool Same(string json, JsonElement element)
    {
        using var expected = JsonDocument.Parse(json);
        return JsonElement.DeepEquals(expected.RootElement, element);
    }

    /// <summary>Whether every value in <paramref name="part"/> is in <paramref name="whole"/> at the same place (arrays as prefixes).</summary>
    private static bool PartOf(JsonElement part, JsonElement whole) => part.ValueKind switch
    {
        JsonValueKind.Object => whole.ValueKind == JsonValueKind.Object
            && part.EnumerateObject().All(p => whole.TryGetProperty(p.Name, out var w) && PartOf(p.Value, w)),
        JsonValueKind.Array => whole.ValueKind == JsonValueKind.Array && part.GetArrayLength() <= whole.GetArrayLength()
            && part.EnumerateArray().Zip(whole.EnumerateArray()).All(x => PartOf(x.First, x.Second)),
        _ => JsonElement.DeepEquals(part, whole),
    };
}
