using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Compass.Ai.Prompting;

/// <summary>Source-generated serialization of the JSON nodes the prompt is built from (no reflection).</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class JsonContext : JsonSerializerContext;
