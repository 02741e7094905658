using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Memory;

namespace Compass.Planning.Engine;

/// <summary>Builds the <see cref="EngineProfile"/> of one replica of a (model, format, GPU, TP) configuration.</summary>
public static class EngineProfiles
{
    /// <summary>The GPU class whose fitted efficiencies stand in for GPUs without calibration data.</summary>
    public static GpuType ReferenceGpu => GpuType.H100;

    /// <summary>Finds the coefficients for a GPU: its own calibration, else the reference GPU's (labelled as borrowed), else textbook values.</summary>
    /// <param name="catalog">The catalog with calibrations.</param>
    /// <param name="gpu">The GPU class.</param>
    /// <returns>The coefficients.</returns>
    public static EngineCoefficients CoefficientsFor(KnowledgeCatalog catalog, GpuType gpu)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.GetCalibration(gpu)
            ?? catalog.GetCalibration(ReferenceGpu)?.BorrowedFor(gpu)
            ?? EngineCoefficients.Uncalibrated(gpu);
    }

    /// <summary>Builds a profile with the catalog's calibration for the GPU.</summary>
    /// <param name="catalog">The catalog (for calibrations).</param>
    /// <param name="model">The model.</param>
    /// <param name="quantization">The weight format.</param>
    /// <param name="gpu">The GPU.</param>
    /// <param name="tensorParallel">The tensor-parallel degree.</param>
    /// <param name="limits">Engine settings; vLLM's defaults when null.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentException">The model is not available in the format, or does not fit.</exception>
    public static EngineProfile Create(
        KnowledgeCatalog catalog, ModelSpec model, Quantization quantization, GpuSpec gpu, int tensorParallel, ServingLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        return Create(model, quantization, gpu, tensorParallel, CoefficientsFor(catalog, gpu.Type), limits);
    }

    /// <summary>Builds a profile with given coefficients.</summary>
    /// <param name="model">The model.</param>
    /// <param name="quantization">The weight format.</param>
    /// <param name="gpu">The GPU.</param>
    /// <param name="tensorParallel">The tensor-parallel degree.</param>
    /// <param name="coefficients">The step-time coefficients.</param>
    /// <param name="limits">Engine settings; vLLM's defaults when null.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentException">The model is not available in the format, or does not fit.</exception>
    public static EngineProfile Create(
        ModelSpec model, Quantization quantization, GpuSpec gpu, int tensorParallel, EngineCoefficients coefficients, ServingLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(coefficients);
        limits ??= new ServingLimits();
        var memory = MemoryModel.Compute(model, quantization, gpu, tensorParallel, 1, limits);
        if (memory.KvCacheTokens < limits.BlockSize)
        {
            throw new ConfigurationRejectedException(
                new RejectionReason
                {
                    Kind = RejectionKind.DoesNotFitInMemory,
                    Configuration = $"{model.Id} ({quantization}) on {tensorParallel}×{gpu.Type}",
                    Needed = memory.WeightsGiB,
                    Available = memory.UsableGiB,
                },
                $"{model.Id} ({quantization}) does not fit on {tensorParallel}×{gpu.Type}: {memory.WeightsGiB:0.#} GiB of weights per GPU, {memory.UsableGiB:0.#} GiB usable. Use a higher tensor-parallel degree, a smaller format or a bigger GPU.");
        }

        return new EngineProfile
        {
            StepTime = new RooflineStepTimeModel(model, quantization, gpu, tensorParallel, coefficients, limits.KvCacheDtype),
            KvCacheTokens = memory.KvCacheTokens,
            Limits = limits,
            RequestOverheadMs = coefficients.RequestOverheadMs,
            RequestServiceMs = coefficients.RequestServiceMs,
            OutputTokenOverheadMs = coefficients.OutputTokenOverheadMs,
            Basis = coefficients.EvidenceSummary,
        };
    }
}
