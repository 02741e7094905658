using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Compass.Core.Knowledge;

/// <summary>
/// An immutable, validated and indexed snapshot of a knowledge base: models, GPUs, use cases and benchmarks, with
/// alias resolution and "did you mean" suggestions. Thread-safe.
/// </summary>
public sealed class KnowledgeCatalog
{
    private readonly FrozenDictionary<string, ModelMatch> _modelsByKey;
    // Keyed by the ids' text (compared as the ids compare: ordinal, ignoring case) and by ConfigurationKey rather than by
    // Compass's value types, so that the lookups run the framework's precompiled code (docs/performance.md).
    private readonly FrozenDictionary<string, ModelSpec> _modelsById;
    private readonly FrozenDictionary<string, GpuSpec> _gpusByType;
    private readonly FrozenDictionary<string, ImmutableArray<GpuSpec>> _gpusByKey;
    private readonly FrozenDictionary<string, UseCaseTemplate> _useCases;
    private readonly FrozenDictionary<string, EngineCoefficients> _calibrations;
    private readonly FrozenDictionary<ConfigurationKey, ImmutableArray<BenchmarkPoint>> _benchmarks;

    /// <summary>Initializes a new instance and validates the data.</summary>
    /// <param name="models">The models.</param>
    /// <param name="gpus">The GPUs.</param>
    /// <param name="useCases">The use-case templates.</param>
    /// <param name="benchmarks">The benchmark points.</param>
    /// <param name="calibrations">Fitted step-time coefficients per GPU class, if any.</param>
    /// <exception cref="KnowledgeBaseException">The data is inconsistent (duplicates, unknown references, invalid records).</exception>
    public KnowledgeCatalog(
        IEnumerable<ModelSpec> models,
        IEnumerable<GpuSpec> gpus,
        IEnumerable<UseCaseTemplate> useCases,
        IEnumerable<BenchmarkPoint> benchmarks,
        IEnumerable<EngineCoefficients>? calibrations = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(gpus);
        ArgumentNullException.ThrowIfNull(useCases);
        ArgumentNullException.ThrowIfNull(benchmarks);
        Models = [.. models];
        Gpus = [.. gpus];
        UseCases = [.. useCases];
        Benchmarks = [.. benchmarks];
        Calibrations = calibrations is null ? [] : [.. calibrations];

        _modelsById = Unique(Models, m => m.Id.Value, "model");
        _gpusByType = Unique(Gpus, g => g.Type.Value, "GPU");
        _useCases = Unique(UseCases, u => u.Id.Value, "use case");
        _calibrations = Unique(Calibrations, c => c.Gpu.Value, "engine calibration for GPU");
        foreach (var model in Models)
        {
            Check(model.Validate, $"model {model.Id}");
        }

        foreach (var template in UseCases)
        {
            Check(template.Validate, $"use case {template.Id}");
        }

        _modelsByKey = IndexModels(Models);
        _gpusByKey = IndexGpus(Gpus);
        _benchmarks = IndexBenchmarks(Benchmarks);
    }

    /// <summary>Gets the models.</summary>
    public ImmutableArray<ModelSpec> Models { get; }

    /// <summary>Gets the GPUs.</summary>
    public ImmutableArray<GpuSpec> Gpus { get; }

    /// <summary>Gets the use-case templates.</summary>
    public ImmutableArray<UseCaseTemplate> UseCases { get; }

    /// <summary>Gets every benchmark point.</summary>
    public ImmutableArray<BenchmarkPoint> Benchmarks { get; }

    /// <summary>Gets the fitted step-time coefficients, one per calibrated GPU class.</summary>
    public ImmutableArray<EngineCoefficients> Calibrations { get; }

    /// <summary>Gets the step-time coefficients fitted for a GPU class, or <see langword="null"/> when it has none of its own.</summary>
    /// <param name="gpu">The GPU class.</param>
    /// <returns>The coefficients or <see langword="null"/>.</returns>
    public EngineCoefficients? GetCalibration(GpuType gpu) => _calibrations.GetValueOrDefault(gpu.Value);

    /// <summary>Returns a catalog with these calibrations instead of the current ones.</summary>
    /// <param name="calibrations">The coefficients.</param>
    /// <returns>The new catalog.</returns>
    public KnowledgeCatalog WithCalibrations(IEnumerable<EngineCoefficients> calibrations)
        => new(Models, Gpus, UseCases, Benchmarks, calibrations ?? throw new ArgumentNullException(nameof(calibrations)));

    /// <summary>Finds a model by id, alias or the id of one of its quantized checkpoints.</summary>
    /// <param name="name">What the user typed.</param>
    /// <returns>The match, or <see langword="null"/>.</returns>
    public ModelMatch? FindModel(string name)
        => string.IsNullOrWhiteSpace(name) ? null : _modelsByKey.GetValueOrDefault(NameMatching.NormalizeModel(name));

    /// <summary>Gets a model by its exact id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The model, or <see langword="null"/>.</returns>
    public ModelSpec? GetModel(ModelId id) => _modelsById.GetValueOrDefault(id.Value);

    /// <summary>Finds a model by name or throws with suggestions.</summary>
    /// <param name="name">What the user typed.</param>
    /// <returns>The match.</returns>
    /// <exception cref="UnknownNameException">No model has that name.</exception>
    public ModelMatch ResolveModel(string name)
        => FindModel(name) ?? throw new UnknownNameException("model", name ?? string.Empty,
            NameMatching.Closest(NameMatching.NormalizeModel(name ?? string.Empty), _modelsByKey.Select(kv => (kv.Key, kv.Value.Spec.Id.Value))),
            Models.Select(m => m.Id.Value));

    /// <summary>Gets a GPU by type.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The GPU, or <see langword="null"/>.</returns>
    public GpuSpec? GetGpu(GpuType type) => _gpusByType.GetValueOrDefault(type.Value);

    /// <summary>
    /// Finds the GPUs a name refers to: one for an exact name or alias, several for a family ("A100" → A100-40 and
    /// A100-80), none when unknown.
    /// </summary>
    /// <param name="name">What the user typed.</param>
    /// <returns>The GPUs.</returns>
    public ImmutableArray<GpuSpec> FindGpus(string name)
        => string.IsNullOrWhiteSpace(name) ? [] : _gpusByKey.GetValueOrDefault(GpuAliases.Normalize(name), []);

    /// <summary>Finds the GPUs a name refers to or throws with suggestions.</summary>
    /// <param name="name">What the user typed.</param>
    /// <returns>The GPUs (at least one).</returns>
    /// <exception cref="UnknownNameException">No GPU has that name.</exception>
    public ImmutableArray<GpuSpec> ResolveGpus(string name)
    {
        var found = FindGpus(name);
        return found.IsEmpty
            ? throw new UnknownNameException("GPU", name ?? string.Empty,
                NameMatching.Closest(GpuAliases.Normalize(name ?? string.Empty), _gpusByKey.Select(kv => (kv.Key, string.Join(" or ", kv.Value.Select(g => g.Type.Value))))),
                Gpus.Select(g => g.Type.Value))
            : found;
    }

    /// <summary>Gets the template of a use case.</summary>
    /// <param name="useCase">The use case.</param>
    /// <returns>The template, or <see langword="null"/>.</returns>
    public UseCaseTemplate? FindUseCase(UseCase useCase) => _useCases.GetValueOrDefault(useCase.Value);

    /// <summary>Gets the template of a use case named by the user, or throws with suggestions.</summary>
    /// <param name="name">What the user typed.</param>
    /// <returns>The template.</returns>
    /// <exception cref="UnknownNameException">No use case has that name.</exception>
    public UseCaseTemplate ResolveUseCase(string name)
    {
        var key = string.IsNullOrWhiteSpace(name) ? string.Empty : UseCase.Parse(name).Value;
        return (key.Length > 0 ? FindUseCase(new UseCase(key)) : null)
            ?? throw new UnknownNameException("use case", name ?? string.Empty,
                NameMatching.Closest(key, UseCases.Select(u => (u.Id.Value, u.Id.Value))), UseCases.Select(u => u.Id.Value));
    }

    /// <summary>Gets the benchmark points of one configuration (every profile and rate).</summary>
    /// <param name="model">The model.</param>
    /// <param name="quantization">The format.</param>
    /// <param name="gpu">The GPU.</param>
    /// <param name="tensorParallel">The tensor-parallel degree.</param>
    /// <returns>The points, possibly none.</returns>
    public ImmutableArray<BenchmarkPoint> BenchmarksFor(ModelId model, Quantization quantization, GpuType gpu, int tensorParallel)
        => _benchmarks.GetValueOrDefault(new ConfigurationKey(model, quantization, gpu, tensorParallel), []);

    /// <summary>Returns a catalog with one more model (or a replacement for the model with the same id).</summary>
    /// <param name="model">The model, e.g. built from a Hugging Face config.</param>
    /// <returns>The new catalog.</returns>
    /// <exception cref="KnowledgeBaseException">The model is invalid or its aliases clash with another model's.</exception>
    public KnowledgeCatalog WithModel(ModelSpec model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new KnowledgeCatalog(Models.Where(m => m.Id != model.Id).Append(model), Gpus, UseCases, Benchmarks, Calibrations);
    }

    private static FrozenDictionary<string, T> Unique<T>(IEnumerable<T> items, Func<T, string> key, string kind)
    {
        var map = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            if (!map.TryAdd(key(item), item))
            {
                throw new KnowledgeBaseException($"The knowledge base lists the {kind} '{key(item)}' twice. Remove one entry.");
            }
        }

        return map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private static void Check(Action validate, string what)
    {
        try
        {
            validate();
        }
        catch (ArgumentException ex)
        {
            throw new KnowledgeBaseException($"Invalid {what}: {ex.Message}", ex);
        }
    }

    private static FrozenDictionary<string, ModelMatch> IndexModels(ImmutableArray<ModelSpec> models)
    {
        var map = new Dictionary<string, ModelMatch>(StringComparer.Ordinal);
        void Add(string name, ModelMatch match)
        {
            var key = NameMatching.NormalizeModel(name);
            if (key.Length == 0)
            {
                return;
            }

            if (map.TryGetValue(key, out var existing) && existing.Spec.Id != match.Spec.Id)
            {
                throw new KnowledgeBaseException(
                    $"The name '{name}' refers to both {existing.Spec.Id} and {match.Spec.Id}. Make the aliases unique.");
            }

            // A model's own names win over a checkpoint alias that normalizes the same way.
            if (existing is null || (existing.Format is not null && match.Format is null))
            {
                map[key] = match;
            }
        }

        foreach (var model in models)
        {
            var own = new ModelMatch(model, null);
            Add(model.Id.Value, own);
            foreach (var alias in model.Aliases)
            {
                Add(alias, own);
            }

            foreach (var format in model.Quantizations)
            {
                var match = format == model.NativeFormat && format.Repository == model.Id ? own : new ModelMatch(model, format);
                Add(format.Repository.Value, match);
                foreach (var alias in format.Aliases)
                {
                    Add(alias, match);
                }
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, ImmutableArray<GpuSpec>> IndexGpus(ImmutableArray<GpuSpec> gpus)
    {
        var map = new Dictionary<string, List<GpuSpec>>(StringComparer.Ordinal);
        void Add(string name, GpuSpec gpu)
        {
            var key = GpuAliases.Normalize(name);
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }

            if (!list.Contains(gpu))
            {
                list.Add(gpu);
            }
        }

        foreach (var gpu in gpus)
        {
            Add(gpu.Type.Value, gpu);
            Add(gpu.NodeSelectorValue, gpu);
            foreach (var alias in gpu.Aliases)
            {
                Add(alias, gpu);
            }
        }

        // Built-in aliases of well-known types count too, so catalogs need not repeat them.
        foreach (var gpu in gpus)
        {
            foreach (var key in GpuAliases.KeysFor(gpu.Type))
            {
                Add(key, gpu);
            }
        }

        foreach (var family in gpus.Where(g => g.Family is not null).GroupBy(g => GpuAliases.Normalize(g.Family!)))
        {
            foreach (var gpu in family)
            {
                Add(family.Key, gpu);
            }
        }

        foreach (var (key, list) in map)
        {
            if (list.Count > 1 && !list.All(g => g.Family is not null && GpuAliases.Normalize(g.Family) == key))
            {
                throw new KnowledgeBaseException($"The GPU name '{key}' refers to {string.Join(" and ", list.Select(g => g.Type))}. Make the aliases unique.");
            }
        }

        return map.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.Ordinal);
    }

    private FrozenDictionary<ConfigurationKey, ImmutableArray<BenchmarkPoint>> IndexBenchmarks(ImmutableArray<BenchmarkPoint> points)
    {
        foreach (var point in points)
        {
            var model = GetModel(point.Model) ?? throw new KnowledgeBaseException($"A benchmark refers to the unknown model {point.Model}.");
            if (model.FindFormat(point.Quantization) is null)
            {
                throw new KnowledgeBaseException($"A benchmark of {point.Model} uses the format {point.Quantization}, which the model does not list.");
            }

            var gpu = GetGpu(point.Gpu) ?? throw new KnowledgeBaseException($"A benchmark of {point.Model} refers to the unknown GPU {point.Gpu}.");
            if (point.TensorParallel > gpu.MaxGpusPerNode)
            {
                throw new KnowledgeBaseException($"A benchmark of {point.Model} uses TP {point.TensorParallel} on {gpu.Type}, beyond its {gpu.MaxGpusPerNode} GPUs per node.");
            }
        }

        var index = new Dictionary<ConfigurationKey, ImmutableArray<BenchmarkPoint>.Builder>();
        foreach (var point in points)
        {
            var key = new ConfigurationKey(point.Model, point.Quantization, point.Gpu, point.TensorParallel);
            if (!index.TryGetValue(key, out var group))
            {
                index.Add(key, group = ImmutableArray.CreateBuilder<BenchmarkPoint>());
            }

            group.Add(point);
        }

        return index.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToImmutable());
    }
}
