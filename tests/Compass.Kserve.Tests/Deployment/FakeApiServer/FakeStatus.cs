using System.Net;
using System.Text.Json.Nodes;

namespace Compass.Kserve.Tests.Deployment.FakeApiServer;

/// <summary>The <c>Status</c> objects a real API server answers errors with.</summary>
internal static class FakeStatus
{
    public static (int Code, JsonObject Body) Error(HttpStatusCode code, string reason, string message, JsonObject? details = null)
        => ((int)code, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["details"] = details ?? new JsonObject(),
            ["code"] = (int)code,
        });

    public static (int, JsonObject) NotFound(FakeResource r, string name)
        => Error(HttpStatusCode.NotFound, "NotFound", $"{r.QualifiedName} \"{name}\" not found", Details(r, name));

    public static (int, JsonObject) NamespaceNotFound(string ns)
        => Error(HttpStatusCode.NotFound, "NotFound", $"namespaces \"{ns}\" not found", new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });

    public static (int, JsonObject) NoResource()
        => Error(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource");

    public static (int, JsonObject) Unauthorized()
        => Error(HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized");

    public static (int, JsonObject) Forbidden(FakeResource r, string verb, string? name, string? ns)
        => Error(HttpStatusCode.Forbidden, "Forbidden",
            $"{r.QualifiedName}{(name is null ? string.Empty : $" \"{name}\"")} is forbidden: User \"system:serviceaccount:ci:deployer\" cannot {verb} resource \"{r.Plural}\" in API group \"{r.Group}\"{(ns is null ? " at the cluster scope" : $" in the namespace \"{ns}\"")}",
            Details(r, name));

    public static (int, JsonObject) AlreadyExists(FakeResource r, string name)
        => Error(HttpStatusCode.Conflict, "AlreadyExists", $"{r.QualifiedName} \"{name}\" already exists", Details(r, name));

    public static (int, JsonObject) Modified(FakeResource r, string name)
        => Error(HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on {r.QualifiedName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", Details(r, name));

    public static (int, JsonObject) PreconditionFailed(FakeResource r, string name, string field, string expected, string actual)
        => Error(HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on {r.QualifiedName} \"{name}\": Precondition failed: {field}: {expected}, {field}: {actual}", Details(r, name));

    public static (int, JsonObject) Conflict(FakeResource r, string name, IReadOnlyList<(string Manager, string Field)> conflicts)
    {
        var details = Details(r, name);
        details["causes"] = new JsonArray([.. conflicts.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldManagerConflict",
            ["type"] = "FieldManagerConflict",
            ["message"] = $"conflict with \"{c.Manager}\"",
            ["field"] = c.Field,
        })]);
        var list = string.Join("\n", conflicts.Select(c => $"- {c.Field}"));
        return Error(HttpStatusCode.Conflict, "Conflict", $"Apply failed with {conflicts.Count} conflict{(conflicts.Count == 1 ? string.Empty : "s")}: conflict with \"{conflicts[0].Manager}\": {list}", details);
    }

    public static (int, JsonObject) Invalid(FakeResource r, string name, IReadOnlyList<(string Reason, string Field, string Message)> causes)
    {
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = r.Group,
            ["kind"] = r.Kind,
            ["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message, ["field"] = c.Field })]),
        };
        var kind = r.Group.Length == 0 ? r.Kind : $"{r.Kind}.{r.Group}";
        return Error((HttpStatusCode)422, "Invalid", $"{kind} \"{name}\" is invalid: {string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"))}", details);
    }

    public static (int, JsonObject) BadRequest(string message)
        => Error(HttpStatusCode.BadRequest, "BadRequest", message);

    private static JsonObject Details(FakeResource r, string? name)
    {
        var details = new JsonObject { ["group"] = r.Group, ["kind"] = r.Plural };
        if (name is not null)
        {
            details["name"] = name;
        }

        return details;
    }
}
