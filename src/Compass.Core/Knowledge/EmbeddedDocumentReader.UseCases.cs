using System.Collections.Immutable;
using System.Text.Json;

namespace Compass.Core.Knowledge;

/// <summary>The use-cases document (<c>use-cases.json</c>).</summary>
internal static partial class EmbeddedDocumentReader
{
    /// <summary>Reads an embedded use-cases document.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <returns>The templates.</returns>
    /// <exception cref="KnowledgeBaseException">The document is not valid.</exception>
    public static ImmutableArray<UseCaseTemplate> ReadUseCases(Stream json, string name) => ReadList(json, name, "useCases", UseCaseTemplate);

    private static UseCaseTemplate UseCaseTemplate(JsonElement element, string path)
    {
        UseCase? id = null;
        ExperienceClass? experience = null;
        string? displayName = null, description = null;
        SloTemplate? slo = null;
        WorkloadTemplate? workload = null;
        bool prefixCaching = false, coldStart = false;
        ImmutableArray<string> domains = default;
        ImmutableDictionary<string, string>? sources = null;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "id": id = Value(p, path, UseCase.Parse); break;
                case "displayName": displayName = Text(p, path); break;
                case "description": description = Text(p, path); break;
                case "experienceClass": experience = Value(p, path, ExperienceClass.Parse); break;
                case "slo": slo = Slo(p.Value, At(path, p)); break;
                case "workload": workload = Workload(p.Value, At(path, p)); break;
                case "benefitsFromPrefixCaching": prefixCaching = Flag(p, path); break;
                case "toleratesColdStart": coldStart = Flag(p, path); break;
                case "domains": domains = Texts(p, path); break;
                case "sources": sources = TextMap(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        return new UseCaseTemplate
        {
            Id = id ?? throw Missing(path, "id"),
            DisplayName = displayName ?? throw Missing(path, "displayName"),
            Description = description ?? throw Missing(path, "description"),
            ExperienceClass = experience ?? throw Missing(path, "experienceClass"),
            Slo = slo ?? throw Missing(path, "slo"),
            Workload = workload ?? throw Missing(path, "workload"),
            BenefitsFromPrefixCaching = prefixCaching,
            ToleratesColdStart = coldStart,
            Domains = domains,
            Sources = sources ?? ImmutableDictionary<string, string>.Empty,
        };
    }

    private static SloTemplate Slo(JsonElement element, string path)
    {
        SloRange? ttft = null, itl = null, e2e = null;
        double? percentile = null;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "ttftMs": ttft = Range(p.Value, At(path, p)); break;
                case "itlMs": itl = Range(p.Value, At(path, p)); break;
                case "e2eMs": e2e = Range(p.Value, At(path, p)); break;
                case "percentile": percentile = Number(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        var slo = new SloTemplate
        {
            TtftMs = ttft ?? throw Missing(path, "ttftMs"),
            ItlMs = itl ?? throw Missing(path, "itlMs"),
            E2eMs = e2e ?? throw Missing(path, "e2eMs"),
        };
        return percentile is { } given ? slo with { Percentile = given } : slo;
    }

    private static SloRange Range(JsonElement element, string path)
    {
        double? min = null, max = null, @default = null;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "min": min = Number(p, path); break;
                case "max": max = Number(p, path); break;
                case "default": @default = Number(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        return Checked(path, () => new SloRange
        {
            Min = min ?? throw Missing(path, "min"),
            Max = max ?? throw Missing(path, "max"),
            Default = @default ?? throw Missing(path, "default"),
        });
    }

    private static WorkloadTemplate Workload(JsonElement element, string path)
    {
        double? activeFraction = null, requests = null, peak = null;
        ArrivalPattern? arrival = null;
        TokenDistribution? prompt = null, output = null;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "activeFraction": activeFraction = Number(p, path); break;
                case "requestsPerActiveUserPerMinute": requests = Number(p, path); break;
                case "peakMultiplier": peak = Number(p, path); break;
                case "arrival": arrival = Arrival(p.Value, At(path, p)); break;
                case "promptTokens": prompt = Tokens(p.Value, At(path, p)); break;
                case "outputTokens": output = Tokens(p.Value, At(path, p)); break;
                default: throw Unknown(p, path);
            }
        }

        return Checked(path, () => new WorkloadTemplate
        {
            ActiveFraction = activeFraction ?? throw Missing(path, "activeFraction"),
            RequestsPerActiveUserPerMinute = requests ?? throw Missing(path, "requestsPerActiveUserPerMinute"),
            PeakMultiplier = peak ?? throw Missing(path, "peakMultiplier"),
            Arrival = arrival ?? throw Missing(path, "arrival"),
            PromptTokens = prompt ?? throw Missing(path, "promptTokens"),
            OutputTokens = output ?? throw Missing(path, "outputTokens"),
        });
    }

    private static ArrivalPattern Arrival(JsonElement element, string path)
    {
        ArrivalKind? kind = null;
        double? cv = null;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "kind": kind = Choice<ArrivalKind>(p, path); break;
                case "coefficientOfVariation": cv = Number(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        return Checked(path, () => new ArrivalPattern
        {
            Kind = kind ?? throw Missing(path, "kind"),
            CoefficientOfVariation = cv ?? throw Missing(path, "coefficientOfVariation"),
        });
    }

    private static TokenDistribution Tokens(JsonElement element, string path)
    {
        DistributionKind? kind = null;
        double? mean = null, stdDev = null;
        int? min = null, max = null;
        int[]? samples = null;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "kind": kind = Choice<DistributionKind>(p, path); break;
                case "mean": mean = Number(p, path); break;
                case "stdDev": stdDev = Number(p, path); break;
                case "min": min = Integer(p, path); break;
                case "max": max = Integer(p, path); break;
                case "samples": samples = Integers(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        return Checked(path, () => new TokenDistribution(
            kind ?? throw Missing(path, "kind"),
            mean ?? throw Missing(path, "mean"),
            stdDev ?? throw Missing(path, "stdDev"),
            min ?? throw Missing(path, "min"),
            max ?? throw Missing(path, "max"),
            samples is null ? null : ImmutableArray.Create(samples)));
    }

    private static int[]? Integers(JsonProperty property, string path)
    {
        if (property.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var at = At(path, property);
        if (property.Value.ValueKind != JsonValueKind.Array)
        {
            throw Expected("an array", property.Value, at);
        }

        var values = new int[property.Value.GetArrayLength()];
        var i = 0;
        foreach (var element in property.Value.EnumerateArray())
        {
            values[i] = element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) ? value : throw Expected("a whole number", element, $"{at}[{i}]");
            i++;
        }

        return values;
    }

    // Runs a constructor whose guards may refuse a value, saying where the value is.
    private static T Checked<T>(string path, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{path}: {ex.Message}", ex);
        }
    }
}
