using Compass.Core;
using System.Collections.Immutable;

namespace Compass.Kserve.Manifests;

/// <summary>
/// What the manifests were sized to, derived from the plan: the vLLM engine settings, the replica range, the autoscaling
/// thresholds and the probe budget. Each value says where it comes from in <c>docs/deployment.md</c>.
/// </summary>
public sealed record ServingSettings
{
    /// <summary>Gets the name of every object (the InferenceService, the ScaledObject, …).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>Gets the model name clients send (vLLM's <c>--served-model-name</c>): the planned model id.</summary>
    public required string ServedModelName { get; init; }

    /// <summary>Gets the Hugging Face repository the weights come from (<c>hf://</c> this).</summary>
    public required string Checkpoint { get; init; }

    /// <summary>Gets <c>--tensor-parallel-size</c>: GPUs per replica.</summary>
    public required int TensorParallel { get; init; }

    /// <summary>Gets <c>--max-model-len</c>: the profile's p99 prompt + p99 output with margin, capped by the model's context and the KV cache.</summary>
    public required int MaxModelLen { get; init; }

    /// <summary>Gets <c>--max-num-seqs</c>: the most sequences one replica runs at once.</summary>
    public required int MaxNumSeqs { get; init; }

    /// <summary>Gets <c>--max-num-batched-tokens</c>: the token budget of one scheduler step (the chunked-prefill size).</summary>
    public required int MaxNumBatchedTokens { get; init; }

    /// <summary>Gets <c>--gpu-memory-utilization</c>: the share of GPU memory the plan's memory model gave vLLM.</summary>
    public required double GpuMemoryUtilization { get; init; }

    /// <summary>Gets whether <c>--enable-prefix-caching</c> is set (the use case shares long prefixes).</summary>
    public required bool PrefixCaching { get; init; }

    /// <summary>Gets <c>--quantization</c>, or <see langword="null"/> when vLLM reads the method from the checkpoint or none applies.</summary>
    public string? Quantization { get; init; }

    /// <summary>Gets <c>--kv-cache-dtype</c> when the plan chose other than <see cref="KvCacheFormat.Auto"/> (an FP8 KV cache), otherwise <see langword="null"/>.</summary>
    public KvCacheFormat? KvCacheDtype { get; init; }

    /// <summary>Gets the fewest replicas: the planned count (never fewer).</summary>
    public required int MinReplicas { get; init; }

    /// <summary>Gets the most replicas: the plan plus burst headroom.</summary>
    public required int MaxReplicas { get; init; }

    /// <summary>Gets whether the service scales to zero when idle (only for use cases that tolerate cold starts).</summary>
    public required bool ScaleToZero { get; init; }

    /// <summary>Gets the requests in flight per replica the plan expects at peak (the running-requests scaling target).</summary>
    public required int RunningTarget { get; init; }

    /// <summary>Gets the waiting requests per replica that start a scale-up.</summary>
    public required int WaitingTarget { get; init; }

    /// <summary>Gets the time a replica may take to load its weights and start, in seconds (the startup probe's budget).</summary>
    public required int StartupSeconds { get; init; }

    /// <summary>Gets the weights one replica loads, in GiB.</summary>
    public required double WeightsGiB { get; init; }

    /// <summary>Gets whether this is simulator mode (no GPUs).</summary>
    public required bool Simulator { get; init; }

    /// <summary>Gets the engine's command-line arguments, in order.</summary>
    public required ImmutableArray<string> Arguments { get; init; }
}
