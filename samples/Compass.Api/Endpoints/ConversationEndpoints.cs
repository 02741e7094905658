using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Api.Conversations;
using Compass.Api.Infrastructure;
using Compass.Api.Requests;
using Compass.Core.Serialization;
using Compass.Planning.Conversation;

namespace Compass.Api.Endpoints;

/// <summary>
/// <c>/api/conversations</c>: multi-turn planning with <see cref="ConversationEngine"/>, kept server-side by id, or
/// stateless when the client sends back the <c>state</c> it was given.
/// </summary>
internal static class ConversationEndpoints
{
    public const int MaxMessageLength = 4_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/conversations").WithTags("Conversations");
        group.MapPost("/", async (MessageRequest request, ConversationEngine engine, ConversationStore store, PlanRunner runner, CancellationToken ct) =>
        {
            var message = Message(request);
            if (request.State is { } held)
            {
                // Stateless: the client keeps the state; nothing is stored.
                var reply = await engine.RespondAsync(ReadState(held), message, ct);
                return Json.Ok(Response(null, reply, await runner.ToJsonAsync(reply.Plan, ct)));
            }

            var first = await engine.RespondAsync(ConversationState.Empty, message, ct);
            var id = store.Add(first.State);
            return Json.Ok(Response(id, first, await runner.ToJsonAsync(first.Plan, ct)), StatusCodes.Status201Created);
        }).WithSummary("Start a conversation (or continue a client-held one by sending its state)");

        group.MapPost("/{id}/messages", async (string id, MessageRequest request, ConversationEngine engine, ConversationStore store, PlanRunner runner, CancellationToken ct) =>
        {
            var message = Message(request);
            if (request.State is not null)
            {
                throw ApiProblemException.Invalid("state", "A server-side conversation keeps its own state; leave out state (or post to /api/conversations without an id).");
            }

            var state = Find(store, id);
            var reply = await engine.RespondAsync(state, message, ct);
            store.Set(id, reply.State);
            return Json.Ok(Response(id, reply, await runner.ToJsonAsync(reply.Plan, ct)));
        }).WithSummary("Send the next message of a server-side conversation");

        group.MapGet("/{id}", (string id, ConversationStore store) =>
        {
            var state = Find(store, id);
            return Json.Ok(new JsonObject { ["id"] = id, ["state"] = Json.Node(state) });
        }).WithSummary("A server-side conversation's state");
    }

    private static ConversationState Find(ConversationStore store, string id)
        => store.TryGet(id, out var state)
            ? state
            : throw ApiProblemException.NotFound($"No conversation '{id}': it never existed or expired after being idle. Start a new one with POST /api/conversations.", "id");

    private static string Message(MessageRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Message))
        {
            throw ApiProblemException.Invalid("message", "message is required, e.g. \"a support chatbot for 2,000 users\".");
        }

        return request.Message.Length > MaxMessageLength
            ? throw ApiProblemException.Invalid("message", $"message is longer than {MaxMessageLength} characters.")
            : request.Message;
    }

    private static ConversationState ReadState(JsonElement state)
    {
        try
        {
            return state.Deserialize<ConversationState>(CompassJson.Options) ?? ConversationState.Empty;
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "state" : "state." + ex.Path.TrimStart('$', '.');
            throw ApiProblemException.Invalid(field, $"state is not a conversation state this server gave out ({field}): {ex.Message.Split(" Path:", 2)[0]}");
        }
    }

    // The plan as the plan endpoint gives it (with each option's single-VM prices); the state keeps the plan alone.
    private static JsonObject Response(string? id, ConversationReply reply, JsonObject? plan)
    {
        var node = new JsonObject();
        if (id is not null)
        {
            node["id"] = id;
        }

        node["reply"] = new JsonObject
        {
            ["kind"] = Json.Node(reply.Kind),
            ["message"] = reply.Message,
            ["changes"] = Json.Node(reply.Changes),
            ["plan"] = plan,
        };
        node["state"] = Json.Node(reply.State);
        return node;
    }
}
