using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Compass.Core.Knowledge;

/// <summary>The JSON document that lists models (<c>models.json</c>).</summary>
internal sealed record ModelsDocument
{
    /// <summary>Gets a description of the file.</summary>
    [JsonPropertyName("_description")]
    public string? Description { get; init; }

    /// <summary>Gets the models.</summary>
    public required ImmutableArray<ModelSpec> Models { get; init; }
}

/// <summary>The JSON document that lists GPUs (<c>gpus.json</c>).</summary>
internal sealed record GpusDocument
{
    /// <summary>Gets a description of the file.</summary>
    [JsonPropertyName("_description")]
    public string? Description { get; init; }

    /// <summary>Gets the GPUs.</summary>
    public required ImmutableArray<GpuSpec> Gpus { get; init; }
}

/// <summary>The JSON document that lists use-case templates (<c>use-cases.json</c>).</summary>
internal sealed record UseCasesDocument
{
    /// <summary>Gets a description of the file.</summary>
    [JsonPropertyName("_description")]
    public string? Description { get; init; }

    /// <summary>Gets the templates.</summary>
    public required ImmutableArray<UseCaseTemplate> UseCases { get; init; }
}

/// <summary>The JSON document of quality scores per model and use case (<c>quality.json</c>).</summary>
internal sealed record QualityDocument
{
    /// <summary>Gets a description of the file and of the method.</summary>
    [JsonPropertyName("_description")]
    public string? Description { get; init; }

    /// <summary>Gets the scores, by model id, then use case.</summary>
    public required ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, QualityScore>> Scores { get; init; }
}

/// <summary>The JSON document of fitted step-time coefficients per GPU class (<c>engine-calibration.json</c>).</summary>
internal sealed record CalibrationDocument
{
    /// <summary>Gets a description of the file: how it was fitted and how to regenerate it.</summary>
    [JsonPropertyName("_description")]
    public string? Description { get; init; }

    /// <summary>Gets the coefficients, one entry per calibrated GPU class.</summary>
    public required ImmutableArray<EngineCoefficients> Calibrations { get; init; }
}
