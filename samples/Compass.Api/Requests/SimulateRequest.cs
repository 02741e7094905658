namespace Compass.Api.Requests;

/// <summary>The body of <c>POST /api/simulate</c>: one configuration under an open (rate) or closed (concurrency) load.</summary>
internal sealed record SimulateRequest
{
    /// <summary>Gets the model.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the GPU type.</summary>
    public string? Gpu { get; init; }

    /// <summary>Gets the tensor parallelism (default 1).</summary>
    public int? TensorParallel { get; init; }

    /// <summary>Gets the weight format (default: the model's first).</summary>
    public string? Quantization { get; init; }

    /// <summary>Gets the number of replicas (default 1).</summary>
    public int? Replicas { get; init; }

    /// <summary>Gets the mean arrival rate, in requests per second (open loop).</summary>
    public double? Rate { get; init; }

    /// <summary>Gets the number of users (closed loop).</summary>
    public int? Concurrency { get; init; }

    /// <summary>Gets the number of requests (capped by Compass:Limits:MaxSimulatedRequests).</summary>
    public int? Requests { get; init; }

    /// <summary>Gets the prompt length distribution (default 512).</summary>
    public string? PromptTokens { get; init; }

    /// <summary>Gets the output length distribution (default 256).</summary>
    public string? OutputTokens { get; init; }

    /// <summary>Gets the random seed (default 42).</summary>
    public int? Seed { get; init; }
}
