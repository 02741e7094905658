using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core.Serialization;

namespace Compass.Api.Endpoints;

/// <summary>JSON results written with <see cref="CompassJson.Options"/>, so that the API and <c>compass ... --json</c> agree.</summary>
internal static class Json
{
    public static IResult Ok(JsonNode node, int status = StatusCodes.Status200OK)
        => Results.Text(node.ToJsonString(CompassJson.Options), "application/json", statusCode: status);

    public static IResult Ok<T>(T value)
        => Results.Text(JsonSerializer.Serialize(value, CompassJson.Options), "application/json");

    public static JsonNode Node<T>(T value) => JsonSerializer.SerializeToNode(value, CompassJson.Options)!;
}
