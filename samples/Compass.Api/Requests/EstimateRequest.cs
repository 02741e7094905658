namespace Compass.Api.Requests;

/// <summary>The body of <c>POST /api/estimate</c>.</summary>
internal sealed record EstimateRequest
{
    /// <summary>Gets the model.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the GPU type.</summary>
    public string? Gpu { get; init; }

    /// <summary>Gets the tensor parallelism (default 1).</summary>
    public int? TensorParallel { get; init; }

    /// <summary>Gets the weight format (default: the model's first).</summary>
    public string? Quantization { get; init; }

    /// <summary>Gets the KV-cache dtype in vLLM's names (auto, fp8).</summary>
    public string? KvCacheDtype { get; init; }

    /// <summary>Gets the batch size (default 1).</summary>
    public int? Batch { get; init; }

    /// <summary>Gets the prompt length (default 1024).</summary>
    public int? PromptTokens { get; init; }

    /// <summary>Gets the decode context length (default 1024).</summary>
    public int? ContextTokens { get; init; }
}
