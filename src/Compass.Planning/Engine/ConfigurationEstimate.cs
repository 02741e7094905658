using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Core.Serialization;

namespace Compass.Planning.Engine;

/// <summary>
/// Step times and memory for one replica of a configuration, as <c>compass estimate</c> reports them: the prefill of
/// <see cref="Batch"/> prompts (chunked as vLLM schedules it), one decode step at <see cref="ContextTokens"/>, and memory.
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="Quantization">The weight format.</param>
/// <param name="Gpu">The GPU.</param>
/// <param name="TensorParallel">The tensor parallelism.</param>
/// <param name="KvCacheDtype">The KV-cache format.</param>
/// <param name="Batch">The batch size, in sequences.</param>
/// <param name="PromptTokens">The prompt length, in tokens.</param>
/// <param name="ContextTokens">The context length of the decode step, in tokens.</param>
/// <param name="Prefill">The prefill's total timing, in ms.</param>
/// <param name="PrefillSteps">The number of prefill steps.</param>
/// <param name="Decode">One decode step's timing, in ms.</param>
/// <param name="Memory">The memory per GPU.</param>
/// <param name="Coefficients">The engine coefficients used.</param>
public sealed record ConfigurationEstimate(
    ModelSpec Model, Quantization Quantization, GpuSpec Gpu, int TensorParallel, KvCacheFormat KvCacheDtype, int Batch, int PromptTokens, int ContextTokens,
    StepTiming Prefill, int PrefillSteps, StepTiming Decode, MemoryBreakdown Memory, EngineCoefficients Coefficients)
{
    /// <summary>Gets the decode throughput, in output tokens per second.</summary>
    public double DecodeTokensPerSecond => Batch * 1000 / Decode.TotalMs;

    /// <summary>The JSON form, as <c>compass estimate --json</c> prints it.</summary>
    /// <returns>A new JSON object.</returns>
    public JsonObject ToJsonObject() => new()
    {
        ["model"] = Model.Id.Value,
        ["quantization"] = Quantization.Value,
        ["gpu"] = Gpu.Type.Value,
        ["tensorParallel"] = TensorParallel,
        ["kvCacheDtype"] = KvCacheDtype.Value,
        ["kvCacheBytesPerElement"] = KvCacheDtype.BytesPerElement,
        ["batch"] = Batch,
        ["promptTokens"] = PromptTokens,
        ["contextTokens"] = ContextTokens,
        ["prefillMs"] = Prefill.TotalMs,
        ["prefillGpuMs"] = Prefill.GpuMs,
        ["prefillSteps"] = PrefillSteps,
        ["decodeStepMs"] = Decode.TotalMs,
        ["decodeGpuMs"] = Decode.GpuMs,
        ["decodeTokensPerSecond"] = DecodeTokensPerSecond,
        ["kvCacheTokens"] = Memory.KvCacheTokens,
        ["maxBatch"] = Memory.MaxBatch,
        ["breakdown"] = new JsonObject { ["prefill"] = Breakdown(Prefill), ["decode"] = Breakdown(Decode) },
        ["memory"] = JsonSerializer.SerializeToNode(Memory, CompassJson.Options),
        ["evidence"] = Coefficients.EvidenceSummary,
        ["extrapolated"] = !Coefficients.Calibrated,
        ["coefficients"] = JsonSerializer.SerializeToNode(Coefficients, CompassJson.Options),
    };

    private static JsonObject Breakdown(StepTiming t) => new()
    {
        ["computeMs"] = t.ComputeMs,
        ["memoryMs"] = t.MemoryMs,
        ["communicationMs"] = t.CommunicationMs,
        ["gpuMs"] = t.GpuMs,
        ["overheadMs"] = t.OverheadMs,
        ["totalMs"] = t.TotalMs,
        ["bound"] = t.ComputeBound ? "compute" : "memory",
    };
}
