using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Compass.Core.Serialization;

namespace Compass.Core.Knowledge;

/// <summary>
/// Reads knowledge-base documents. Every error names the document and what is wrong in it, so that a user who
/// supplies their own files can fix them.
/// </summary>
public static class KnowledgeBaseReader
{
    /// <summary>The source label of rows read from the BLIS benchmark table.</summary>
    public const string BlisSource =
        "BLIS simulation (inference-sim/inference-sim, per-model coefficients fitted on real GuideLLM runs), from redhat-et/compass benchmarks_BLIS.json; simulated, not measured";

    /// <summary>Reads a models document.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <returns>The models.</returns>
    /// <exception cref="KnowledgeBaseException">The document is not valid.</exception>
    public static ImmutableArray<ModelSpec> ReadModels(Stream json, string name) => Read<ModelsDocument>(json, name).Models;

    /// <summary>Reads a GPUs document.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <returns>The GPUs.</returns>
    /// <exception cref="KnowledgeBaseException">The document is not valid.</exception>
    public static ImmutableArray<GpuSpec> ReadGpus(Stream json, string name) => Read<GpusDocument>(json, name).Gpus;

    /// <summary>Reads a use-cases document.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <returns>The templates.</returns>
    /// <exception cref="KnowledgeBaseException">The document is not valid.</exception>
    public static ImmutableArray<UseCaseTemplate> ReadUseCases(Stream json, string name) => Read<UseCasesDocument>(json, name).UseCases;

    /// <summary>Reads fitted step-time coefficients (<c>engine-calibration.json</c>).</summary>
    /// <param name="json">The document.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <returns>The coefficients.</returns>
    /// <exception cref="KnowledgeBaseException">The document is malformed.</exception>
    public static ImmutableArray<EngineCoefficients> ReadCalibrations(Stream json, string name) => Read<CalibrationDocument>(json, name).Calibrations;

    /// <summary>Reads a quality document and attaches its scores to the models it names.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <param name="models">The models to attach scores to.</param>
    /// <returns>The models with their quality scores.</returns>
    /// <exception cref="KnowledgeBaseException">The document is not valid or names an unknown model.</exception>
    public static ImmutableArray<ModelSpec> AttachQuality(Stream json, string name, ImmutableArray<ModelSpec> models)
        => AttachQuality(name, models, Read<QualityDocument>(json, name).Scores
            .Select(kv => new KeyValuePair<string, IEnumerable<KeyValuePair<string, QualityScore>>>(kv.Key, kv.Value)));

    // Shared with EmbeddedDocumentReader: scores by model id, then by use case. Models are looked up by their id's text,
    // compared as ModelId compares (ordinal, ignoring case), so that no dictionary is instantiated over a value type.
    internal static ImmutableArray<ModelSpec> AttachQuality(
        string name, ImmutableArray<ModelSpec> models, IEnumerable<KeyValuePair<string, IEnumerable<KeyValuePair<string, QualityScore>>>> scores)
    {
        var byId = new Dictionary<string, ModelSpec>(models.Length, StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            byId.Add(model.Id.Value, model);
        }

        foreach (var (id, byUseCase) in scores)
        {
            if (!byId.TryGetValue(new ModelId(id).Value, out var model))
            {
                throw new KnowledgeBaseException($"{name}: scores are given for the unknown model '{id}'. Add it to the models or remove its scores.");
            }

            var quality = ImmutableDictionary.CreateBuilder<UseCase, QualityScore>();
            foreach (var (useCase, score) in byUseCase)
            {
                quality.Add(UseCase.Parse(useCase), score);
            }

            byId[model.Id.Value] = model with { Quality = quality.ToImmutable() };
        }

        var attached = ImmutableArray.CreateBuilder<ModelSpec>(models.Length);
        foreach (var model in models)
        {
            attached.Add(byId[model.Id.Value]);
        }

        return attached.MoveToImmutable();
    }

    /// <summary>
    /// Reads the upstream BLIS benchmark table (<c>benchmarks_BLIS.json</c>), keeping every point of every request-rate
    /// sweep, mapping each row's checkpoint to a model and format, and dropping exact duplicate rows.
    /// </summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <param name="models">The models, whose checkpoints and aliases identify the rows.</param>
    /// <param name="gpus">The GPUs, for the rows' hardware names.</param>
    /// <returns>The points.</returns>
    /// <exception cref="KnowledgeBaseException">The table is malformed or names an unknown model or GPU.</exception>
    public static ImmutableArray<BenchmarkPoint> ReadBlisBenchmarks(Stream json, string name, IReadOnlyList<ModelSpec> models, IReadOnlyList<GpuSpec> gpus)
    {
        var catalog = new KnowledgeCatalog(models, gpus, [], []);
        using var document = Parse(json, name);
        if (!document.RootElement.TryGetProperty("benchmarks", out var rows) || rows.ValueKind != JsonValueKind.Array)
        {
            throw new KnowledgeBaseException($"{name}: expected an object with a 'benchmarks' array.");
        }

        var points = new List<BenchmarkPoint>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var checkpoints = new Dictionary<string, ModelMatch>(StringComparer.Ordinal);
        var hardwares = new Dictionary<string, GpuSpec>(StringComparer.Ordinal);
        var index = 0;
        foreach (var row in rows.EnumerateArray())
        {
            var where = $"{name}: benchmarks[{index++}]";
            try
            {
                if (!seen.Add(row.GetRawText()))
                {
                    continue;
                }

                // A few dozen checkpoints and GPUs name all the rows: resolve each name once.
                var checkpoint = row.GetProperty("model_hf_repo").GetString() ?? string.Empty;
                if (!checkpoints.TryGetValue(checkpoint, out var match))
                {
                    match = catalog.FindModel(checkpoint)
                        ?? throw new KnowledgeBaseException($"{where}: the checkpoint '{checkpoint}' is not a model or format alias in the catalog.");
                    checkpoints.Add(checkpoint, match);
                }

                var hardware = row.GetProperty("hardware").GetString() ?? string.Empty;
                if (!hardwares.TryGetValue(hardware, out var gpu))
                {
                    gpu = catalog.FindGpus(hardware) is [var single] ? single
                        : throw new KnowledgeBaseException($"{where}: the hardware '{hardware}' is not a GPU in the catalog.");
                    hardwares.Add(hardware, gpu);
                }

                points.Add(new BenchmarkPoint
                {
                    Model = match.Spec.Id,
                    Quantization = (match.Format ?? match.Spec.NativeFormat).Quantization,
                    Gpu = gpu.Type,
                    TensorParallel = row.GetProperty("hardware_count").GetInt32(),
                    PromptTokens = row.GetProperty("prompt_tokens").GetInt32(),
                    PromptTokensStdDev = row.GetProperty("prompt_tokens_stdev").GetDouble(),
                    OutputTokens = row.GetProperty("output_tokens").GetInt32(),
                    OutputTokensStdDev = row.GetProperty("output_tokens_stdev").GetDouble(),
                    RequestRate = row.GetProperty("requests_per_second").GetDouble(),
                    AchievedRate = row.GetProperty("responses_per_second").GetDouble(),
                    Ttft = Stats(row, "ttft"),
                    Itl = Stats(row, "itl"),
                    E2e = Stats(row, "e2e"),
                    OutputTokensPerSecond = row.GetProperty("tokens_per_second").GetDouble(),
                    Framework = string.Create(CultureInfo.InvariantCulture,
                        $"{row.GetProperty("framework").GetString()} {row.GetProperty("framework_version").GetString()}"),
                    Source = BlisSource,
                });
            }
            catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
            {
                throw new KnowledgeBaseException($"{where}: {ex.Message}", ex);
            }
        }

        return [.. points];
    }

    private static LatencyStats Stats(JsonElement row, string metric) => new()
    {
        Mean = row.GetProperty(metric + "_mean").GetDouble(),
        P90 = row.GetProperty(metric + "_p90").GetDouble(),
        P95 = row.GetProperty(metric + "_p95").GetDouble(),
        P99 = row.GetProperty(metric + "_p99").GetDouble(),
    };

    private static JsonDocument Parse(Stream json, string name)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new KnowledgeBaseException($"{name}: not valid JSON ({ex.Message}).", ex);
        }
    }

    private static T Read<T>(Stream json, string name)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<T>(json, CompassJson.Options)
                ?? throw new KnowledgeBaseException($"{name}: the document is empty (null).");
        }
        catch (JsonException ex)
        {
            var detail = ex.InnerException is { } inner && ex.Message.Contains("See InnerException", StringComparison.Ordinal) ? inner.Message : ex.Message;
            throw new KnowledgeBaseException($"{name}: {detail}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new KnowledgeBaseException($"{name}: {ex.Message}", ex);
        }
    }
}
