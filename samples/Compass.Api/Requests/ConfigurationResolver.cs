using Compass.Api.Infrastructure;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Specification;

namespace Compass.Api.Requests;

/// <summary>Resolves the model, GPU, tensor parallelism and format of one configuration (estimate, simulate), naming the field at fault.</summary>
internal static class ConfigurationResolver
{
    public static (ModelSpec Model, GpuSpec Gpu, int TensorParallel, Quantization Quantization) Resolve(
        KnowledgeCatalog catalog, string? model, string? gpu, int? tensorParallel, string? quantization)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw ApiProblemException.Invalid("model", "model is required, e.g. \"llama-3.1-8b\" (GET /api/catalog/models lists them).");
        }

        if (string.IsNullOrWhiteSpace(gpu))
        {
            throw ApiProblemException.Invalid("gpu", "gpu is required, e.g. \"H100\" (GET /api/catalog/gpus lists them).");
        }

        var spec = Fields.Read("model", () => catalog.GetModel(SpecificationBuilder.ResolveModels(catalog, [model])[0])!);
        var gpus = Fields.Read("gpu", () => catalog.ResolveGpus(gpu));
        if (gpus.Length != 1)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Ambiguous GPU", $"gpu '{gpu}' names {gpus.Length} GPUs; pick one.", "gpu", [.. gpus.Select(g => g.Type.Value)]);
        }

        var tp = Fields.Range("tensorParallel", tensorParallel, 1, 64) ?? 1;
        if (spec.Architecture.AttentionHeads % tp != 0)
        {
            throw ApiProblemException.Invalid("tensorParallel", $"tensorParallel {tp} does not divide {spec.Id}'s {spec.Architecture.AttentionHeads} attention heads; use a divisor such as 1, 2 or 4.");
        }

        var format = spec.Quantizations[0].Quantization;
        if (quantization is not null)
        {
            format = Fields.Read("quantization", () => Quantization.Parse(quantization));
            if (spec.FindFormat(format) is null)
            {
                throw new ApiProblemException(
                    StatusCodes.Status400BadRequest, "Unavailable format", $"quantization: {spec.Id} is not available as {format}.", "quantization",
                    [.. spec.Quantizations.Select(f => f.Quantization.Value)]);
            }
        }

        return (spec, gpus[0], tp, format);
    }
}
