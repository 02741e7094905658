using System.Collections.Immutable;
using System.Collections.Frozen;
using Compass.Api.Infrastructure;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Specification;

namespace Compass.Api.Requests;

/// <summary>Maps <see cref="OverridesRequest"/> to <see cref="PlanOverrides"/>, with the same ranges as the CLI's flags and errors that name the field.</summary>
internal static class OverridesMapper
{
    private static readonly FrozenDictionary<string, Priority> Priorities = new Dictionary<string, Priority>
    {
        ["LOW"] = Priority.Low, ["MEDIUM"] = Priority.Medium, ["HIGH"] = Priority.High,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, DeploymentModel> Deployments = new Dictionary<string, DeploymentModel>
    {
        ["CLOUD"] = DeploymentModel.Cloud, ["OWNED"] = DeploymentModel.Owned, ["PURCHASE"] = DeploymentModel.Purchase,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, PricingTier> Tiers = new Dictionary<string, PricingTier>
    {
        ["ON-DEMAND"] = PricingTier.OnDemand, ["SPOT"] = PricingTier.Spot, ["RESERVED"] = PricingTier.Reserved,
    }.ToFrozenDictionary();

    public static PlanOverrides Map(OverridesRequest? request, int? top, KnowledgeCatalog catalog, string prefix = "overrides")
    {
        var o = request ?? new OverridesRequest();
        string F(string name) => prefix + "." + name;
        return new PlanOverrides
        {
            UseCase = o.UseCase is { } u ? Fields.Read(F("useCase"), () => catalog.ResolveUseCase(u).Id) : null,
            Users = Fields.Range(F("users"), o.Users, 1, 100_000_000),
            Qps = Fields.Range(F("qps"), o.Qps, 1e-6, 1e6),
            PeakMultiplier = Fields.Range(F("peakMultiplier"), o.PeakMultiplier, 1, 100),
            Gpus = o.Gpus is { Length: > 0 } gpus ? Fields.Read(F("gpus"), () => SpecificationBuilder.ResolveGpus(catalog, NonEmpty(F("gpus"), gpus, "H100", "/api/catalog/gpus"))) : null,
            Models = o.Models is { Length: > 0 } models ? Fields.Read(F("models"), () => SpecificationBuilder.ResolveModels(catalog, NonEmpty(F("models"), models, "llama-3.1-8b", "/api/catalog/models"))) : null,
            Quantizations = o.Quantizations is { Length: > 0 } quants ? Fields.Read(F("quantizations"), () => quants.Select(Quantization.Parse).ToImmutableArray()) : null,
            MaxMonthlyCostUsd = Fields.Range(F("budgetUsdPerMonth"), o.BudgetUsdPerMonth, 1, 1e9),
            DeploymentModel = Fields.Choice(F("deployment"), o.Deployment, Deployments),
            Provider = o.Provider is { } p ? Provider(F("provider"), p, catalog) : null,
            PricingTier = Fields.Choice(F("pricing"), o.Pricing, Tiers),
            LatencyPriority = Fields.Choice(F("latency"), o.Latency, Priorities),
            CostPriority = Fields.Choice(F("cost"), o.Cost, Priorities),
            AccuracyPriority = Fields.Choice(F("accuracy"), o.Accuracy, Priorities),
            TtftMs = Fields.Range(F("ttftMs"), o.TtftMs, 1, 3_600_000),
            ItlMs = Fields.Range(F("itlMs"), o.ItlMs, 0.1, 60_000),
            E2eMs = Fields.Range(F("e2eMs"), o.E2eMs, 1, 36_000_000),
            Percentile = Fields.Range(F("percentile"), o.Percentile, 50, 99.9),
            PromptTokens = o.PromptTokens is { } pt ? Fields.Read(F("promptTokens"), () => TokenDistribution.Parse(pt, TokenLengthRole.Prompt)) : null,
            OutputTokens = o.OutputTokens is { } ot ? Fields.Read(F("outputTokens"), () => TokenDistribution.Parse(ot, TokenLengthRole.Output)) : null,
            Headroom = Fields.Range(F("headroom"), o.Headroom, 0, 4),
            RedundantReplicas = Fields.Range(F("redundancy"), o.Redundancy, 0, 16),
            Top = Fields.Range(prefix == "overrides" ? "top" : prefix[..prefix.LastIndexOf('.')] + ".top", top, 1, 100),
        };
    }

    // An empty name (often an unset variable in the client) is refused with its index, not looked up as a name nothing matches.
    private static string[] NonEmpty(string field, string[] names, string example, string list)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                var at = $"{field}[{i}]";
                throw ApiProblemException.Invalid(at, $"{at} is empty; give a name such as \"{example}\" (GET {list} lists them), or leave it out.");
            }
        }

        return names;
    }

    private static CloudProvider Provider(string field, string text, KnowledgeCatalog catalog)
    {
        var provider = Fields.Read(field, () => CloudProvider.Parse(text));
        var known = catalog.Gpus.SelectMany(g => g.RentalPrices).Select(r => r.Provider).Distinct().Select(k => k.Value).Order(StringComparer.Ordinal).ToArray();
        return known.Contains(provider.Value)
            ? provider
            : throw new ApiProblemException(StatusCodes.Status400BadRequest, "Unknown provider", $"{field}: '{text}' has no prices in the catalog. Known providers: {string.Join(", ", known)}.", field, known);
    }
}
