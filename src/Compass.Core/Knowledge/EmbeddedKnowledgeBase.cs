using System.Collections.Immutable;
using System.Text.Json;
using Compass.Core.Serialization;

namespace Compass.Core.Knowledge;

/// <summary>
/// The knowledge base shipped inside this package: models, GPUs, use cases and quality scores curated from public
/// sources, and the BLIS benchmark sweeps, read once from embedded JSON resources (see NOTICE for provenance).
/// </summary>
/// <remarks>
/// Thread-safe. Each document is read on first use and cached for the process, and only what a call needs is read:
/// listing the GPUs reads <c>gpus.json</c> alone, not the 1.35 MB benchmark table (a short-lived process such as
/// <c>compass catalog gpus</c> would otherwise spend most of its time reading data it does not show).
/// </remarks>
public sealed class EmbeddedKnowledgeBase : IKnowledgeBase
{
    private const LazyThreadSafetyMode Once = LazyThreadSafetyMode.ExecutionAndPublication;

    private static readonly Lazy<ImmutableArray<ModelSpec>> Models = new(
        () => Open("quality.json", s => EmbeddedDocumentReader.AttachQuality(s, "quality.json", Open("models.json", m => EmbeddedDocumentReader.ReadModels(m, "models.json")))),
        Once);

    private static readonly Lazy<ImmutableArray<GpuSpec>> Gpus = new(() => Open("gpus.json", s => EmbeddedDocumentReader.ReadGpus(s, "gpus.json")), Once);

    private static readonly Lazy<ImmutableArray<UseCaseTemplate>> UseCases = new(
        () => Open("use-cases.json", s => EmbeddedDocumentReader.ReadUseCases(s, "use-cases.json")), Once);

    private static readonly Lazy<ImmutableArray<BenchmarkPoint>> Benchmarks = new(
        () => Open(BlisBenchmarksDocument, s => KnowledgeBaseReader.ReadBlisBenchmarks(s, BlisBenchmarksDocument, Models.Value, Gpus.Value)), Once);

    private static readonly Lazy<ImmutableArray<EngineCoefficients>> Calibrations = new(
        () => Open("engine-calibration.json", s => EmbeddedDocumentReader.ReadCalibrations(s, "engine-calibration.json")), Once);

    private static readonly Lazy<KnowledgeCatalog> Shared = new(
        () => new KnowledgeCatalog(Models.Value, Gpus.Value, UseCases.Value, Benchmarks.Value, Calibrations.Value), Once);

    /// <summary>Gets the catalog read from the embedded resources (loaded once per process).</summary>
    /// <exception cref="KnowledgeBaseException">A resource is missing or invalid (a packaging bug).</exception>
    public static KnowledgeCatalog Catalog => Shared.Value;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ModelSpec>> GetModelsAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyList<ModelSpec>>(Models.Value);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<GpuSpec>> GetGpusAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyList<GpuSpec>>(Gpus.Value);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<UseCaseTemplate>> GetUseCasesAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyList<UseCaseTemplate>>(UseCases.Value);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<BenchmarkPoint>> GetBenchmarksAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyList<BenchmarkPoint>>(Benchmarks.Value);

    /// <inheritdoc />
    public ValueTask<KnowledgeCatalog> GetCatalogAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Catalog);

    /// <summary>The name of the embedded upstream BLIS benchmark table, for <see cref="OpenDocument"/>.</summary>
    public const string BlisBenchmarksDocument = "benchmarks-blis.json";

    /// <summary>Opens one of the embedded documents as shipped (e.g. <see cref="BlisBenchmarksDocument"/>, to import it into another store).</summary>
    /// <param name="document">The document's file name: models.json, quality.json, gpus.json, use-cases.json, benchmarks-blis.json, engine-calibration.json or cloud-instances.json.</param>
    /// <returns>The document's UTF-8 JSON; the caller disposes it.</returns>
    /// <exception cref="KnowledgeBaseException">No such document is embedded.</exception>
    public static Stream OpenDocument(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var name = "Compass.Core.Knowledge.Data." + document;
        return typeof(EmbeddedKnowledgeBase).Assembly.GetManifestResourceStream(name)
            ?? throw new KnowledgeBaseException($"The embedded document {document} is missing from Compass.Core (the package is damaged, or the name is wrong: models.json, quality.json, gpus.json, use-cases.json, benchmarks-blis.json, engine-calibration.json, cloud-instances.json).");
    }

    private static ImmutableArray<T> Open<T>(string resource, Func<Stream, ImmutableArray<T>> read)
    {
        using var stream = OpenDocument(resource);
        return read(stream);
    }
}
