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
    public static ImmutableArray<ModelSpec> ReadModels(Stream json, string name) => ReadModels(json, name, CompassJson.Options);

    internal static ImmutableArray<ModelSpec> ReadModels(Stream json, string name, JsonSerializerOptions options) => Read<ModelsDocument>(json, name, options).Models;

    /// <summary>Reads a GPUs document.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <returns>The GPUs.</returns>
    /// <exception cref="KnowledgeBaseException">The document is not valid.</exception>
    public static ImmutableArray<GpuSpec> ReadGpus(Stream json, string name) => ReadGpus(json, name, CompassJson.Options);

    internal static ImmutableArray<GpuSpec> ReadGpus(Stream json, string name, JsonSerializerOptions options) => Read<GpusDocument>(json, name, options).Gpus;

    /// <summary>Reads a use-cases document.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <returns>The templates.</returns>
    /// <exception cref="KnowledgeBaseException">The document is not valid.</exception>
    public static ImmutableArray<UseCaseTemplate> ReadUseCases(Stream json, string name) => ReadUseCases(json, name, CompassJson.Options);

    internal static ImmutableArray<UseCaseTemplate> ReadUseCases(Stream json, string name, JsonSerializerOptions options) => Read<UseCasesDocument>(json, name, options).UseCases;

    /// <summary>Reads fitted step-time coefficients (<c>engine-calibration.json</c>).</summary>
    /// <param name="json">The document.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <returns>The coefficients.</returns>
    /// <exception cref="KnowledgeBaseException">The document is malformed.</exception>
    public static ImmutableArray<EngineCoefficients> ReadCalibrations(Stream json, string name) => ReadCalibrations(json, name, CompassJson.Options);

    internal static ImmutableArray<EngineCoefficients> ReadCalibrations(Stream json, string name, JsonSerializerOptions options) => Read<CalibrationDocument>(json, name, options).Calibrations;

    /// <summary>Reads a quality document and attaches its scores to the models it names.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <param name="models">The models to attach scores to.</param>
    /// <returns>The models with their quality scores.</returns>
    /// <exception cref="KnowledgeBaseException">The document is not valid or names an unknown model.</exception>
    public static ImmutableArray<ModelSpec> AttachQuality(Stream json, string name, ImmutableArray<ModelSpec> models)
        => AttachQuality(json, name, models, CompassJson.Options);

    internal static ImmutableArray<ModelSpec> AttachQuality(Stream json, string name, ImmutableArray<ModelSpec> models, JsonSerializerOptions options)
    {
        var document = Read<QualityDocument>(json, name, options);
        var byId = models.ToDictionary(m => m.Id);
        foreach (var (id, scores) in document.Scores)
        {
            if (!byId.TryGetValue(new ModelId(id), out var model))
            {
                throw new KnowledgeBaseException($"{name}: scores are given for the unknown model '{id}'. Add it to the models or remove its scores.");
            }

            byId[model.Id] = model with
            {
                Quality = scores.ToImmutableDictionary(kv => UseCase.Parse(kv.Key), kv => kv.Value),
            };
        }

        return [.. models.Select(m => byId[m.Id])];
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

    private static T Read<T>(Stream json, string name, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<T>(json, options)
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
