using Compass.Core.Knowledge;

namespace Compass.Core;

/// <summary>
/// The source of models, GPUs, use-case templates and benchmarks. The embedded default reads JSON resources shipped
/// in this package; other implementations (a database) plug in the same way.
/// </summary>
/// <remarks>Implementations must be thread-safe. Planning works on the immutable <see cref="KnowledgeCatalog"/> snapshot.</remarks>
public interface IKnowledgeBase
{
    /// <summary>Gets the models.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The models.</returns>
    ValueTask<IReadOnlyList<ModelSpec>> GetModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the GPUs.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The GPUs.</returns>
    ValueTask<IReadOnlyList<GpuSpec>> GetGpusAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the use-case templates.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The templates.</returns>
    ValueTask<IReadOnlyList<UseCaseTemplate>> GetUseCasesAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets every benchmark point, whole sweeps included.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The points.</returns>
    ValueTask<IReadOnlyList<BenchmarkPoint>> GetBenchmarksAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets an immutable, indexed snapshot of everything, for planning.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="KnowledgeBaseException">The data is inconsistent.</exception>
    async ValueTask<KnowledgeCatalog> GetCatalogAsync(CancellationToken cancellationToken = default)
        => new KnowledgeCatalog(
            await GetModelsAsync(cancellationToken).ConfigureAwait(false),
            await GetGpusAsync(cancellationToken).ConfigureAwait(false),
            await GetUseCasesAsync(cancellationToken).ConfigureAwait(false),
            await GetBenchmarksAsync(cancellationToken).ConfigureAwait(false));
}
