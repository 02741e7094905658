using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Core.Knowledge;

namespace Compass.Ai.Prompting;

/// <summary>
/// The JSON schema the LLM must answer with: every <see cref="IntentFields"/> field, the use case limited to the
/// catalog's ids, priorities and the deployment model as <c>{ "value", "mentioned" }</c> pairs. Every property is
/// required and no other is allowed (the form strict structured-output servers accept); a missing value is <c>null</c>
/// or <c>[]</c>.
/// </summary>
internal static class IntentSchema
{
    /// <summary>The schema's name, sent with it.</summary>
    public const string Name = "deployment_intent";

    /// <summary>The schema's description, sent with it.</summary>
    public const string Description = "What an LLM serving deployment must support, as stated in the user's description.";

    /// <summary>The property that holds the value of a choice.</summary>
    public const string Value = "value";

    /// <summary>The property that says whether the text stated a choice.</summary>
    public const string Mentioned = "mentioned";

    /// <summary>The property that says whether the users are all active at once.</summary>
    public const string UsersAreConcurrent = "usersAreConcurrent";

    /// <summary>The priority levels, lower-case.</summary>
    public static readonly IReadOnlyList<string> Priorities = ["low", "medium", "high"];

    /// <summary>The deployment models, lower-case.</summary>
    public static readonly IReadOnlyList<string> DeploymentModels = ["cloud", "owned", "purchase"];

    /// <summary>Builds the schema for a catalog.</summary>
    /// <param name="catalog">The catalog whose use-case ids are allowed.</param>
    /// <returns>The schema.</returns>
    public static JsonElement Build(KnowledgeCatalog catalog)
    {
        var useCases = catalog.UseCases.Select(u => u.Id.Value).ToArray();
        var properties = new JsonObject
        {
            [IntentFields.UseCase] = Choice(useCases, "The use case id that best matches what the model is for; mentioned is true only if the text names or clearly describes it."),
            [IntentFields.UserCount] = Nullable("integer", "The number of users the text states, as a plain integer (5k → 5000); null if it states none."),
            [UsersAreConcurrent] = new JsonObject { ["type"] = "boolean", ["description"] = "True only if the text says the users are concurrent (all active at once)." },
            [IntentFields.ExpectedQps] = Nullable("number", "A request rate the text states, in requests per second (600 per minute → 10); null if it states none."),
            [IntentFields.LatencyPriority] = Choice(Priorities, "How much low latency matters; medium and mentioned false unless the text says."),
            [IntentFields.CostPriority] = Choice(Priorities, "How much low cost matters; medium and mentioned false unless the text says."),
            [IntentFields.AccuracyPriority] = Choice(Priorities, "How much answer quality matters; medium and mentioned false unless the text says."),
            [IntentFields.PreferredGpuTypes] = List("GPU types the user wants or already has, as written (\"H100\", \"A100 80GB\"); [] if none."),
            [IntentFields.PreferredModels] = List("Model names the user asks for, as written (\"Llama 3.1 8B\"); [] if none."),
            [IntentFields.MaxMonthlyCostUsd] = Nullable("number", "The budget in US dollars per month (a yearly budget ÷ 12); null if the text states none."),
            [IntentFields.DeploymentModel] = Choice(DeploymentModels, "cloud (rented), owned (hardware they already have) or purchase (they will buy GPUs); cloud and mentioned false unless the text says."),
        };

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. properties.Select(p => (JsonNode)p.Key)]),
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema, JsonContext.Default.JsonObject);
    }

    private static JsonObject Choice(IEnumerable<string> values, string description) => new()
    {
        ["type"] = "object",
        ["description"] = description,
        ["properties"] = new JsonObject
        {
            [Value] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) },
            [Mentioned] = new JsonObject { ["type"] = "boolean" },
        },
        ["required"] = new JsonArray(Value, Mentioned),
        ["additionalProperties"] = false,
    };

    private static JsonObject Nullable(string type, string description) => new()
    {
        ["type"] = new JsonArray(type, "null"),
        ["description"] = description,
    };

    private static JsonObject List(string description) => new()
    {
        ["type"] = "array",
        ["items"] = new JsonObject { ["type"] = "string" },
        ["description"] = description,
    };
}
