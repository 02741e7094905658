using Compass.Core;
using Compass.Kserve.Validation;

namespace Compass.Kserve.Manifests;

/// <summary>
/// Generates manifests with the registered <see cref="IKnowledgeBase"/>'s current catalog: the dependency-injected way
/// to use <see cref="ManifestGenerator"/>, reading the catalog asynchronously on each call (a database-backed knowledge
/// base caches it), so that nothing blocks on I/O. Thread-safe.
/// </summary>
public sealed class ManifestService
{
    private readonly IKnowledgeBase _knowledgeBase;
    private readonly ManifestValidator _validator;
    private readonly ManifestOptions _defaults;

    /// <summary>Initializes a new instance of the <see cref="ManifestService"/> class.</summary>
    /// <param name="knowledgeBase">The knowledge base.</param>
    /// <param name="validator">The validator.</param>
    /// <param name="defaults">The options used when a call gives none.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ManifestService(IKnowledgeBase knowledgeBase, ManifestValidator validator, ManifestOptions defaults)
    {
        _knowledgeBase = knowledgeBase ?? throw new ArgumentNullException(nameof(knowledgeBase));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _defaults = defaults ?? throw new ArgumentNullException(nameof(defaults));
    }

    /// <summary>Generates the manifests for one recommendation of a plan (see <see cref="ManifestGenerator.Generate"/>).</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="recommendation">The recommendation to deploy, or <see langword="null"/> for the plan's first.</param>
    /// <param name="options">The options, or <see langword="null"/> for the configured defaults.</param>
    /// <param name="cancellationToken">A token to cancel reading the catalog.</param>
    /// <returns>The manifests, validated.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    /// <exception cref="ArgumentException">As <see cref="ManifestGenerator.Generate"/>.</exception>
    /// <exception cref="ManifestValidationException">A generated manifest does not validate (a bug; nothing is returned).</exception>
    public async Task<ManifestSet> GenerateAsync(Plan plan, Recommendation? recommendation = null, ManifestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var catalog = await _knowledgeBase.GetCatalogAsync(cancellationToken).ConfigureAwait(false);
        return new ManifestGenerator(catalog, _validator, _defaults).Generate(plan, recommendation, options);
    }
}
