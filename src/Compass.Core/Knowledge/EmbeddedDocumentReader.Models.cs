using System.Collections.Immutable;
using System.Text.Json;

namespace Compass.Core.Knowledge;

/// <summary>The models document (<c>models.json</c>) and the quality scores (<c>quality.json</c>).</summary>
internal static partial class EmbeddedDocumentReader
{
    /// <summary>Reads an embedded models document.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <returns>The models.</returns>
    /// <exception cref="KnowledgeBaseException">The document is not valid.</exception>
    public static ImmutableArray<ModelSpec> ReadModels(Stream json, string name) => ReadList(json, name, "models", Model);

    /// <summary>Reads an embedded quality document and attaches its scores to the models it names.</summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <param name="name">The document's name, for messages.</param>
    /// <param name="models">The models to attach scores to.</param>
    /// <returns>The models with their quality scores.</returns>
    /// <exception cref="KnowledgeBaseException">The document is not valid or names an unknown model.</exception>
    public static ImmutableArray<ModelSpec> AttachQuality(Stream json, string name, ImmutableArray<ModelSpec> models)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = Parse(json, name);
        var scores = new List<KeyValuePair<string, IEnumerable<KeyValuePair<string, QualityScore>>>>();
        try
        {
            var found = false;
            foreach (var property in Properties(document.RootElement, "the document"))
            {
                switch (property.Name)
                {
                    case "_description":
                        Text(property, string.Empty);
                        break;
                    case "scores":
                        found = true;
                        foreach (var model in Properties(property.Value, "scores"))
                        {
                            var path = $"scores.{model.Name}";
                            var byUseCase = new List<KeyValuePair<string, QualityScore>>();
                            foreach (var useCase in Properties(model.Value, path))
                            {
                                byUseCase.Add(new(useCase.Name, Score(useCase.Value, $"{path}.{useCase.Name}")));
                            }

                            scores.Add(new(model.Name, byUseCase));
                        }

                        break;
                    default:
                        throw Unknown(property, string.Empty);
                }
            }

            if (!found)
            {
                throw Missing("the document", "scores");
            }
        }
        catch (FormatException ex)
        {
            throw new KnowledgeBaseException($"{name}: {ex.Message}", ex);
        }

        return KnowledgeBaseReader.AttachQuality(name, models, scores);
    }

    private static QualityScore Score(JsonElement element, string path)
    {
        double? score = null;
        string? source = null;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "score": score = Number(p, path); break;
                case "source": source = Text(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        try
        {
            return new QualityScore { Score = score ?? throw Missing(path, "score"), Source = source ?? throw Missing(path, "source") };
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{path}: {ex.Message}", ex);
        }
    }

    private static ModelSpec Model(JsonElement element, string path)
    {
        ModelId? id = null;
        string? displayName = null, family = null, provider = null, license = null, source = null;
        ModelArchitecture? architecture = null;
        ImmutableArray<QuantizationOption>? quantizations = null;
        ImmutableArray<string> aliases = default, domains = default;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "id": id = Value(p, path, ModelId.Parse); break;
                case "displayName": displayName = Text(p, path); break;
                case "family": family = Text(p, path); break;
                case "provider": provider = Text(p, path); break;
                case "license": license = Text(p, path); break;
                case "architecture": architecture = Architecture(p.Value, At(path, p)); break;
                case "quantizations": quantizations = Array(p, path, Format); break;
                case "aliases": aliases = Texts(p, path); break;
                case "domains": domains = Texts(p, path); break;
                case "source": source = Text(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        return new ModelSpec
        {
            Id = id ?? throw Missing(path, "id"),
            DisplayName = displayName ?? throw Missing(path, "displayName"),
            Family = family ?? throw Missing(path, "family"),
            Provider = provider ?? throw Missing(path, "provider"),
            License = license ?? throw Missing(path, "license"),
            Architecture = architecture ?? throw Missing(path, "architecture"),
            Quantizations = quantizations ?? throw Missing(path, "quantizations"),
            Aliases = aliases,
            Domains = domains,
            Source = source ?? string.Empty,
        };
    }

    private static ModelArchitecture Architecture(JsonElement element, string path)
    {
        double? parameters = null, active = null;
        int? layers = null, hidden = null, heads = null, kvHeads = null, headDim = null, intermediate = null, vocab = null, maxContext = null;
        int? expertIntermediate = null, moeLayers = null;
        int experts = 0, activeExperts = 0, sharedExperts = 0;
        var tied = false;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "parameters": parameters = Number(p, path); break;
                case "activeParameters": active = Number(p, path); break;
                case "layers": layers = Integer(p, path); break;
                case "hiddenSize": hidden = Integer(p, path); break;
                case "attentionHeads": heads = Integer(p, path); break;
                case "kvHeads": kvHeads = Integer(p, path); break;
                case "headDim": headDim = Integer(p, path); break;
                case "intermediateSize": intermediate = Integer(p, path); break;
                case "expertIntermediateSize": expertIntermediate = OptionalInteger(p, path); break;
                case "vocabSize": vocab = Integer(p, path); break;
                case "experts": experts = Integer(p, path); break;
                case "activeExperts": activeExperts = Integer(p, path); break;
                case "sharedExperts": sharedExperts = Integer(p, path); break;
                case "moeLayers": moeLayers = OptionalInteger(p, path); break;
                case "maxContext": maxContext = Integer(p, path); break;
                case "tiedEmbeddings": tied = Flag(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        try
        {
            return new ModelArchitecture
            {
                Parameters = parameters ?? throw Missing(path, "parameters"),
                ActiveParameters = active ?? throw Missing(path, "activeParameters"),
                Layers = layers ?? throw Missing(path, "layers"),
                HiddenSize = hidden ?? throw Missing(path, "hiddenSize"),
                AttentionHeads = heads ?? throw Missing(path, "attentionHeads"),
                KvHeads = kvHeads ?? throw Missing(path, "kvHeads"),
                HeadDim = headDim ?? throw Missing(path, "headDim"),
                IntermediateSize = intermediate ?? throw Missing(path, "intermediateSize"),
                ExpertIntermediateSize = expertIntermediate,
                VocabSize = vocab ?? throw Missing(path, "vocabSize"),
                Experts = experts,
                ActiveExperts = activeExperts,
                SharedExperts = sharedExperts,
                MoeLayers = moeLayers,
                MaxContext = maxContext ?? throw Missing(path, "maxContext"),
                TiedEmbeddings = tied,
            };
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{path}: {ex.Message}", ex);
        }
    }

    private static QuantizationOption Format(JsonElement element, string path)
    {
        Quantization? quantization = null;
        double? bytesPerWeight = null;
        ModelId? repository = null;
        ImmutableArray<string> aliases = default;
        foreach (var p in Properties(element, path))
        {
            switch (p.Name)
            {
                case "quantization": quantization = Value(p, path, Quantization.Parse); break;
                case "bytesPerWeight": bytesPerWeight = Number(p, path); break;
                case "repository": repository = Value(p, path, ModelId.Parse); break;
                case "aliases": aliases = Texts(p, path); break;
                default: throw Unknown(p, path);
            }
        }

        return new QuantizationOption
        {
            Quantization = quantization ?? throw Missing(path, "quantization"),
            BytesPerWeight = bytesPerWeight ?? throw Missing(path, "bytesPerWeight"),
            Repository = repository ?? throw Missing(path, "repository"),
            Aliases = aliases,
        };
    }
}
