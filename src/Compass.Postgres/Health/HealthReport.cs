using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Compass.Postgres.Health;

/// <summary>The result of <see cref="KnowledgeHealthCheck.RunAsync"/>: every finding, most severe first.</summary>
/// <param name="Findings">The findings.</param>
public sealed record HealthReport(ImmutableArray<HealthFinding> Findings)
{
    /// <summary>Gets whether there is no <see cref="HealthSeverity.Error"/> finding.</summary>
    public bool Healthy => !Findings.Any(f => f.Severity == HealthSeverity.Error);

    /// <summary>Gets the number of error findings.</summary>
    public int Errors => Findings.Count(f => f.Severity == HealthSeverity.Error);

    /// <summary>Gets the number of warning findings.</summary>
    public int Warnings => Findings.Count(f => f.Severity == HealthSeverity.Warning);

    /// <summary>Gets the findings of one category.</summary>
    /// <param name="category">The category, one of <see cref="HealthCategories"/>.</param>
    /// <returns>Its findings.</returns>
    public IEnumerable<HealthFinding> In(string category) => Findings.Where(f => f.Category == category);

    /// <summary>The report as JSON (what <c>compass db health --json</c> and the API's health route return).</summary>
    /// <param name="database">The database it describes, as <see cref="CompassDatabase.Description"/> names it.</param>
    /// <returns>The JSON object: database, healthy, errors, warnings and findings (severity, category, subject, message, and remedies: action, model, gpu).</returns>
    public JsonObject ToJsonObject(string database) => new()
    {
        ["database"] = database,
        ["healthy"] = Healthy,
        ["errors"] = Errors,
        ["warnings"] = Warnings,
        ["findings"] = new JsonArray([.. Findings.Select(f => (JsonNode)new JsonObject
        {
            ["severity"] = f.Severity.ToString().ToLowerInvariant(),
            ["category"] = f.Category,
            ["subject"] = f.Subject,
            ["message"] = f.Message,
            ["remedies"] = new JsonArray([.. f.Remedies.Select(r => (JsonNode)new JsonObject
            {
                ["action"] = JsonNamingPolicy.CamelCase.ConvertName(r.Action.ToString()),
                ["model"] = r.Model,
                ["gpu"] = r.Gpu,
            })]),
        })]),
    };
}
