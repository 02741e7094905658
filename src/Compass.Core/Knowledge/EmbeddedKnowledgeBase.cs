using System.Collections.Immutable;

namespace Compass.Core.Knowledge;

/// <summary>
/// The knowledge base shipped inside this package: models, GPUs, use cases and quality scores curated from public
/// sources, and the BLIS benchmark sweeps, read once from embedded JSON resources (see NOTICE for provenance).
/// </summary>
/// <remarks>Thread-safe; the data is loaded lazily on first use and cached.</remarks>
public sealed class EmbeddedKnowledgeBase : IKnowledgeBase
{
    private static readonly Lazy<KnowledgeCatalog> Shared = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the catalog read from the embedded resources (loaded once per process).</summary>
    /// <exception cref="KnowledgeBaseException">A resource is missing or invalid (a packaging bug).</exception>
    public static KnowledgeCatalog Catalog => Shared.Value;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ModelSpec>> GetModelsAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyList<ModelSpec>>(Catalog.Models);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<GpuSpec>> GetGpusAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyList<GpuSpec>>(Catalog.Gpus);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<UseCaseTemplate>> GetUseCasesAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyList<UseCaseTemplate>>(Catalog.UseCases);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<BenchmarkPoint>> GetBenchmarksAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyList<BenchmarkPoint>>(Catalog.Benchmarks);

    /// <inheritdoc />
    public ValueTask<KnowledgeCatalog> GetCatalogAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Catalog);

    private static KnowledgeCatalog Load()
    {
        var models = Open("models.json", s => KnowledgeBaseReader.ReadModels(s, "models.json"));
        models = Open("quality.json", s => KnowledgeBaseReader.AttachQuality(s, "quality.json", models));
        var gpus = Open("gpus.json", s => KnowledgeBaseReader.ReadGpus(s, "gpus.json"));
        var useCases = Open("use-cases.json", s => KnowledgeBaseReader.ReadUseCases(s, "use-cases.json"));
        var benchmarks = Open("benchmarks-blis.json", s => KnowledgeBaseReader.ReadBlisBenchmarks(s, "benchmarks-blis.json", models, gpus));
        var calibrations = Open("engine-calibration.json", s => KnowledgeBaseReader.ReadCalibrations(s, "engine-calibration.json"));
        return new KnowledgeCatalog(models, gpus, useCases, benchmarks, calibrations);
    }

    /// <summary>The name of the embedded upstream BLIS benchmark table, for <see cref="OpenDocument"/>.</summary>
    public const string BlisBenchmarksDocument = "benchmarks-blis.json";

    /// <summary>Opens one of the embedded documents as shipped (e.g. <see cref="BlisBenchmarksDocument"/>, to import it into another store).</summary>
    /// <param name="document">The document's file name: models.json, quality.json, gpus.json, use-cases.json, benchmarks-blis.json or engine-calibration.json.</param>
    /// <returns>The document's UTF-8 JSON; the caller disposes it.</returns>
    /// <exception cref="KnowledgeBaseException">No such document is embedded.</exception>
    public static Stream OpenDocument(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var name = "Compass.Core.Knowledge.Data." + document;
        return typeof(EmbeddedKnowledgeBase).Assembly.GetManifestResourceStream(name)
            ?? throw new KnowledgeBaseException($"The embedded document {document} is missing from Compass.Core (the package is damaged, or the name is wrong: models.json, quality.json, gpus.json, use-cases.json, benchmarks-blis.json, engine-calibration.json).");
    }

    private static ImmutableArray<T> Open<T>(string resource, Func<Stream, ImmutableArray<T>> read)
    {
        using var stream = OpenDocument(resource);
        return read(stream);
    }
}
