using System.Text.Json.Nodes;
using Compass.Api.Endpoints;
using Compass.Api.Infrastructure;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Kserve.Vm;
using Compass.Planning.Service;

namespace Compass.Api.Requests;

/// <summary>Plans one request on the <see cref="PlanningService"/>: the API's <c>compass plan</c>.</summary>
internal sealed class PlanRunner(PlanningService planning)
{
    public const int MaxDescriptionLength = 8_000;

    public async Task<PlanOutcome> PlanAsync(
        string? description, OverridesRequest? overrides, int? top, string prefix, Func<string, string, Task>? progress, CancellationToken cancellationToken)
    {
        var descriptionField = prefix.Length == 0 ? "description" : prefix + ".description";
        if (description is not null && string.IsNullOrWhiteSpace(description))
        {
            throw ApiProblemException.Invalid(descriptionField, $"{descriptionField} is empty; describe the workload, e.g. \"chatbot for 500 users\".");
        }

        if (description is { Length: > MaxDescriptionLength })
        {
            throw ApiProblemException.Invalid(descriptionField, $"{descriptionField} is longer than {MaxDescriptionLength} characters.");
        }

        var catalog = await planning.GetCatalogAsync(cancellationToken).ConfigureAwait(false);
        var mapped = OverridesMapper.Map(overrides, top, catalog, prefix.Length == 0 ? "overrides" : prefix + ".overrides");
        if (description is null)
        {
            if (mapped.UseCase is null || (mapped.Users is null && mapped.Qps is null))
            {
                throw ApiProblemException.Invalid(descriptionField, $"Give {descriptionField}, or overrides.useCase with overrides.users or overrides.qps.");
            }

            if (progress is not null)
            {
                await progress("planning", "Sizing candidates for the structured request").ConfigureAwait(false);
            }

            return await Refused(prefix.Length == 0 ? "overrides" : prefix + ".overrides", () => planning.PlanAsync(new DeploymentIntent { UseCase = mapped.UseCase.Value }, mapped, cancellationToken)).ConfigureAwait(false);
        }

        if (progress is not null)
        {
            await progress("extracting", "Reading the description").ConfigureAwait(false);
            var extraction = await planning.ExtractAsync(description, cancellationToken: cancellationToken).ConfigureAwait(false);
            await progress("planning", $"Sizing candidates for {extraction.Intent.UseCase}").ConfigureAwait(false);
        }

        var outcome = await Refused(descriptionField, () => planning.PlanAsync(description, mapped, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (progress is not null)
        {
            await progress("verifying", $"{outcome.Plan.Recommendations.Length} recommendation(s) from {outcome.Plan.CandidatesConsidered} candidates").ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>The outcome as <c>compass plan --json</c> prints it: the plan, the extraction, and each option's single-VM prices.</summary>
    public async Task<JsonObject> ToJsonAsync(PlanOutcome outcome, CancellationToken cancellationToken)
    {
        var node = PlanOutcomeJson.ToJsonObject(outcome);
        await AddSingleVmAsync(node, outcome.Plan, cancellationToken).ConfigureAwait(false);
        return node;
    }

    /// <summary>A plan as JSON with each option's single-VM prices (<c>recommendations[].singleVm</c>), or null for none.</summary>
    public async Task<JsonObject?> ToJsonAsync(Plan? plan, CancellationToken cancellationToken)
    {
        if (plan is null)
        {
            return null;
        }

        var node = Json.Node(plan).AsObject();
        await AddSingleVmAsync(node, plan, cancellationToken).ConfigureAwait(false);
        return node;
    }

    // Read back by PlanFile, which leaves singleVm out, so a plan sent back for manifests still reads.
    private async Task AddSingleVmAsync(JsonObject node, Plan plan, CancellationToken cancellationToken)
    {
        var catalog = await planning.GetCatalogAsync(cancellationToken).ConfigureAwait(false);
        SingleVmJson.AddTo(node, new SingleVmPricer(catalog, CloudInstanceCatalog.Embedded).Price(plan));
    }

    // What the planner refuses (no load stated, an SLO that cannot hold) is about the request; name the field it came from.
    private static async Task<PlanOutcome> Refused(string field, Func<Task<PlanOutcome>> plan)
    {
        try
        {
            return await plan().ConfigureAwait(false);
        }
        catch (ArgumentException ex) when (ex is not Compass.Core.Knowledge.UnknownNameException)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Cannot plan this request", $"{field}: {Fields.Clean(ex.Message)}", field, innerException: ex);
        }
    }
}
