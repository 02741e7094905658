using System.Text.Json.Nodes;
using Compass.Api.Infrastructure;
using Compass.Api.Requests;
using Compass.Planning.Comparison;
using Compass.Planning.Service;

namespace Compass.Api.Endpoints;

/// <summary><c>POST /api/compare</c>: plans 2–4 scenarios and reports how they differ.</summary>
internal static class CompareEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/compare", async (CompareRequest request, PlanRunner runner, CancellationToken ct) =>
        {
            var scenarios = request.Scenarios ?? [];
            if (scenarios.Length is < PlanComparer.MinScenarios or > PlanComparer.MaxScenarios)
            {
                throw ApiProblemException.Invalid("scenarios", $"Give {PlanComparer.MinScenarios} to {PlanComparer.MaxScenarios} scenarios (got {scenarios.Length}).");
            }

            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < scenarios.Length; i++)
            {
                var field = $"scenarios[{i}].name";
                if (string.IsNullOrWhiteSpace(scenarios[i].Name))
                {
                    throw ApiProblemException.Invalid(field, $"{field} is required (e.g. \"A\").");
                }

                if (!names.Add(scenarios[i].Name!.Trim()))
                {
                    throw ApiProblemException.Invalid(field, $"{field} '{scenarios[i].Name!.Trim()}' is used twice; give each scenario its own name.");
                }
            }

            var plans = new List<(NamedPlan Named, JsonObject Json)>();
            for (var i = 0; i < scenarios.Length; i++)
            {
                var s = scenarios[i];
                var outcome = await runner.PlanAsync(s.Description, s.Overrides, s.Top, $"scenarios[{i}]", null, ct);
                plans.Add((new NamedPlan(s.Name!.Trim(), outcome.Plan), PlanOutcomeJson.ToJsonObject(outcome)));
            }

            var comparison = PlanComparer.Compare([.. plans.Select(p => p.Named)]);
            return Json.Ok(new JsonObject
            {
                ["scenarios"] = new JsonArray([.. plans.Select(p => (JsonNode)new JsonObject { ["name"] = p.Named.Name, ["plan"] = p.Json })]),
                ["differences"] = Json.Node(comparison.Differences),
                ["same"] = Json.Node(comparison.Same),
            });
        }).WithTags("Planning").WithSummary("Plan 2-4 scenarios and compare them");
    }
}
