using Compass.Core;
using Compass.Planning.Engine;

namespace Compass.Simulator;

/// <summary>
/// Settings of the live simulator: which deployment it imitates (model, GPU, tensor parallelism, weight format, vLLM
/// engine limits), what it answers, and which faults it injects. <see cref="SimulatorConfiguration"/> binds them from
/// vLLM-style flags, <c>COMPASS_SIM_*</c> environment variables or a <c>CompassSimulator</c> configuration section whose keys
/// are these property names.
/// </summary>
public sealed class CompassSimulatorOptions
{
    /// <summary>Gets or sets the catalog model to simulate (an id or alias of the knowledge base, e.g. <c>meta-llama/Llama-3.1-8B-Instruct</c>).</summary>
    public string Model { get; set; } = "meta-llama/Llama-3.1-8B-Instruct";

    /// <summary>Gets or sets the model name clients send and <c>/v1/models</c> lists (vLLM's <c>--served-model-name</c>); the model id when null.</summary>
    public string? ServedModelName { get; set; }

    /// <summary>Gets or sets the GPU class (e.g. <c>H100</c>).</summary>
    public string Gpu { get; set; } = "H100";

    /// <summary>Gets or sets the tensor-parallel degree (<c>--tensor-parallel-size</c>).</summary>
    public int TensorParallel { get; set; } = 1;

    /// <summary>Gets or sets the weight format (<c>bf16</c>, <c>fp8</c>, <c>w8a8</c>, <c>w4a16</c>, <c>mxfp4</c>); the model's native format when null.</summary>
    public string? Quantization { get; set; }

    /// <summary>Gets or sets the KV-cache format (vLLM's <c>--kv-cache-dtype</c>; <see cref="KvCacheFormat.Auto"/> by default).</summary>
    public KvCacheFormat KvCacheDtype { get; set; }

    /// <summary>Gets or sets the longest prompt + output in tokens (<c>--max-model-len</c>); the model's context (capped by the KV cache) when null.</summary>
    public int? MaxModelLen { get; set; }

    /// <summary>Gets or sets the most sequences running at once (<c>--max-num-seqs</c>).</summary>
    public int MaxNumSeqs { get; set; } = 256;

    /// <summary>Gets or sets the token budget of one step (<c>--max-num-batched-tokens</c>).</summary>
    public int MaxNumBatchedTokens { get; set; } = 8192;

    /// <summary>Gets or sets the fraction of GPU memory vLLM may use (<c>--gpu-memory-utilization</c>).</summary>
    public double GpuMemoryUtilization { get; set; } = 0.9;

    /// <summary>Gets or sets the seed of every random choice (response text, fault draws).</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Gets or sets how long after start-up <c>/health/ready</c> and the API answer 503 (model loading).</summary>
    public TimeSpan StartupDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Gets or sets what text the simulator answers with.</summary>
    public ResponseMode ResponseMode { get; set; } = ResponseMode.Lorem;

    /// <summary>Gets or sets the use case whose canned answers and output lengths <see cref="ResponseMode.Canned"/> uses.</summary>
    public string UseCase { get; set; } = "chatbot_conversational";

    /// <summary>Gets or sets the largest request body accepted, in bytes (larger bodies get 413).</summary>
    public int MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Gets or sets the fraction of completion requests answered with an injected error (0 = none).</summary>
    public double FaultRate { get; set; }

    /// <summary>
    /// Gets or sets whether the <c>X-Compass-Fault</c> request header may force an error on its request. Off by default,
    /// so that no client can make the simulator fail unless whoever started it allowed that.
    /// </summary>
    public bool EnableFaultHeader { get; set; }

    /// <summary>Gets or sets the status codes injected errors draw from, uniformly.</summary>
    public IList<int> FaultStatusCodes { get; set; } = [500, 503];

    /// <summary>The default bound of the wait queue.</summary>
    public const int DefaultMaxWaitingRequests = 1024;

    /// <summary>Gets or sets the most requests waiting for the batch before new ones are refused with <see cref="QueueFullStatusCode"/> (0 = no limit).</summary>
    public int MaxWaitingRequests { get; set; } = DefaultMaxWaitingRequests;

    /// <summary>Gets or sets the status code a full wait queue answers with (429 or 503).</summary>
    public int QueueFullStatusCode { get; set; } = 429;

    /// <summary>Gets or sets how long after readiness steps are slowed (a cold server warming up; zero = off).</summary>
    public TimeSpan SlowStartDuration { get; set; } = TimeSpan.Zero;

    /// <summary>Gets or sets how many times slower steps are at readiness; the factor falls linearly to 1 over <see cref="SlowStartDuration"/>.</summary>
    public double SlowStartFactor { get; set; } = 3;

    /// <summary>
    /// Gets or sets the key clients must send as <c>Authorization: Bearer KEY</c> on <c>/v1/*</c> (vLLM's <c>--api-key</c>);
    /// null: no key needed. <c>/health</c> and <c>/metrics</c> stay open, as in vLLM.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets an engine profile to use instead of building one from the catalog (tests, custom step-time models).
    /// When set, <see cref="Model"/> only names the model.
    /// </summary>
    public EngineProfile? Profile { get; set; }

    /// <summary>Gets the name clients must send.</summary>
    public string EffectiveModelName => string.IsNullOrWhiteSpace(ServedModelName) ? Model : ServedModelName;
}
