using Compass.Core;

namespace Compass.Postgres.Feedback;

/// <summary>
/// What a deployment measured under one load (normally one <c>compass validate</c> run), next to what its plan
/// predicted. Latencies in milliseconds, rates in requests/s, throughput in output tokens/s; a value that was not
/// measured or predicted is null.
/// </summary>
/// <remarks>
/// <see cref="RequestRate"/>, <see cref="Concurrency"/>, <see cref="MeasuredRequestsPerSecond"/> and
/// <see cref="MeasuredOutputTokensPerSecond"/> are totals over the <see cref="Replicas"/> that served the measured load:
/// <c>compass validate</c> loads one replica's endpoint, so it records <c>Replicas = 1</c> and the per-replica rate.
/// </remarks>
public sealed record DeploymentOutcome
{
    /// <summary>Gets the deployment's name ("" when the endpoint is not a Compass deployment).</summary>
    public string Deployment { get; init; } = string.Empty;

    /// <summary>Gets the deployment's Kubernetes namespace ("" when unknown).</summary>
    public string Namespace { get; init; } = string.Empty;

    /// <summary>Gets the saved plan the deployment came from, if it was saved.</summary>
    public Guid? PlanId { get; init; }

    /// <summary>Gets the model served.</summary>
    public required ModelId Model { get; init; }

    /// <summary>Gets the weight format.</summary>
    public required Quantization Quantization { get; init; }

    /// <summary>Gets the GPU class.</summary>
    public required GpuType Gpu { get; init; }

    /// <summary>Gets the tensor-parallel degree of each replica.</summary>
    public required int TensorParallel { get; init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(TensorParallel), value, "Must be positive."); }

    /// <summary>Gets how many replicas served the measured load (1 for <c>compass validate</c>).</summary>
    public int Replicas { get; init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(Replicas), value, "Must be positive."); } = 1;

    /// <summary>Gets the serving engine and version, e.g. <c>vllm 0.11.0</c> ("" when unknown).</summary>
    public string EngineVersion { get; init; } = string.Empty;

    /// <summary>Gets when the load ran.</summary>
    public required DateTimeOffset MeasuredAt { get; init; }

    /// <summary>Gets the kind of load: <c>rate</c> (open loop at <see cref="RequestRate"/>), <c>concurrency</c> (closed loop of <see cref="Concurrency"/> users) or <c>sweep</c> (one point of a sweep).</summary>
    public required string LoadKind { get; init; }

    /// <summary>Gets the offered request rate, in requests/s (null for a closed loop).</summary>
    public double? RequestRate { get; init; }

    /// <summary>Gets the number of concurrent users (null for an open loop).</summary>
    public int? Concurrency { get; init; }

    /// <summary>Gets the mean prompt length, in tokens.</summary>
    public required double PromptTokens { get; init; }

    /// <summary>Gets the mean output length, in tokens.</summary>
    public required double OutputTokens { get; init; }

    /// <summary>Gets the plan's predicted p95 time to first token, in ms.</summary>
    public double? PredictedTtftP95 { get; init; }

    /// <summary>Gets the measured p95 time to first token, in ms.</summary>
    public double? MeasuredTtftP95 { get; init; }

    /// <summary>Gets the plan's predicted p95 inter-token latency, in ms.</summary>
    public double? PredictedItlP95 { get; init; }

    /// <summary>Gets the measured p95 inter-token latency, in ms.</summary>
    public double? MeasuredItlP95 { get; init; }

    /// <summary>Gets the plan's predicted p95 end-to-end latency, in ms.</summary>
    public double? PredictedE2eP95 { get; init; }

    /// <summary>Gets the measured p95 end-to-end latency, in ms.</summary>
    public double? MeasuredE2eP95 { get; init; }

    /// <summary>Gets the measured mean time to first token, in ms.</summary>
    public double? MeasuredTtftMean { get; init; }

    /// <summary>Gets the measured mean inter-token latency, in ms.</summary>
    public double? MeasuredItlMean { get; init; }

    /// <summary>Gets the measured completed requests per second.</summary>
    public double? MeasuredRequestsPerSecond { get; init; }

    /// <summary>Gets the measured output tokens per second.</summary>
    public double? MeasuredOutputTokensPerSecond { get; init; }

    /// <summary>Gets whether every SLO held (null when no SLO was checked).</summary>
    public bool? SloMet { get; init; }

    /// <summary>Gets where the outcome came from, e.g. <c>compass validate</c> or an imported report's file name.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>Gets the full report as JSON (e.g. the validation report), kept for later reading; null when none.</summary>
    public string? ReportJson { get; init; }
}
