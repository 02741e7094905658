using System.Text.Json.Nodes;

namespace Compass.Ai.Tests.Support;

/// <summary>A scripted LLM answer in the shape of the intent schema; values are JSON nodes so that tests can send numbers as text.</summary>
public sealed record IntentAnswer
{
    public string UseCase { get; init; } = "chatbot_conversational";

    public bool UseCaseMentioned { get; init; } = true;

    public JsonNode? UserCount { get; init; }

    public bool UsersAreConcurrent { get; init; }

    public JsonNode? ExpectedQps { get; init; }

    public (string Value, bool Mentioned) Latency { get; init; } = ("medium", false);

    public (string Value, bool Mentioned) Cost { get; init; } = ("medium", false);

    public (string Value, bool Mentioned) Accuracy { get; init; } = ("medium", false);

    public IReadOnlyList<string> Gpus { get; init; } = [];

    public IReadOnlyList<string> Models { get; init; } = [];

    public JsonNode? Budget { get; init; }

    public (string Value, bool Mentioned) Deployment { get; init; } = ("cloud", false);

    /// <summary>Gets properties outside the schema, added as they are (what a compromised model might add).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Extra { get; init; } = new Dictionary<string, JsonNode?>();

    public JsonObject ToNode()
    {
        static JsonObject Choice((string Value, bool Mentioned) c) => new() { ["value"] = c.Value, ["mentioned"] = c.Mentioned };
        var node = new JsonObject
        {
            ["useCase"] = new JsonObject { ["value"] = UseCase, ["mentioned"] = UseCaseMentioned },
            ["userCount"] = UserCount?.DeepClone(),
            ["usersAreConcurrent"] = UsersAreConcurrent,
            ["expectedQps"] = ExpectedQps?.DeepClone(),
            ["latencyPriority"] = Choice(Latency),
            ["costPriority"] = Choice(Cost),
            ["accuracyPriority"] = Choice(Accuracy),
            ["preferredGpuTypes"] = new JsonArray([.. Gpus.Select(g => (JsonNode)g)]),
            ["preferredModels"] = new JsonArray([.. Models.Select(m => (JsonNode)m)]),
            ["maxMonthlyCostUsd"] = Budget?.DeepClone(),
            ["deploymentModel"] = Choice(Deployment),
        };
        foreach (var (key, value) in Extra)
        {
            node[key] = value?.DeepClone();
        }

        return node;
    }

    public string ToJson() => ToNode().ToJsonString();
}
