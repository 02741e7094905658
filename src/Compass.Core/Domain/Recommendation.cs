using System.Collections.Immutable;

namespace Compass.Core;

/// <summary>Scores of one recommendation on each ranking dimension, 0–100 (higher is better), and their weighted total.</summary>
public sealed record ScoreCard
{
    /// <summary>Gets the quality score.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Gets the cost score (100 for the cheapest option).</summary>
    public required double Cost { get; init; }

    /// <summary>Gets the latency score (100 for the fastest option).</summary>
    public required double Latency { get; init; }

    /// <summary>Gets the operational simplicity score (100 for a single GPU).</summary>
    public required double Complexity { get; init; }

    /// <summary>Gets the weighted total that orders recommendations.</summary>
    public required double Overall { get; init; }
}

/// <summary>One deployable configuration: what to run, on what, how many, how it performs and what it costs.</summary>
public sealed record Recommendation
{
    /// <summary>Gets the rank, from 1.</summary>
    public required int Rank { get; init => field = Guard.Positive(value, nameof(Rank)); }

    /// <summary>Gets the model.</summary>
    public required ModelId Model { get; init; }

    /// <summary>Gets the model's human name.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the weight format.</summary>
    public required Quantization Quantization { get; init; }

    /// <summary>Gets the checkpoint to serve (the repository of that format).</summary>
    public required ModelId Checkpoint { get; init; }

    /// <summary>Gets the KV-cache format (vLLM's <c>--kv-cache-dtype</c>): <see cref="KvCacheFormat.Auto"/> (the model's dtype) or <see cref="KvCacheFormat.Fp8"/>.</summary>
    public KvCacheFormat KvCacheDtype { get; init; }

    /// <summary>Gets the GPU type.</summary>
    public required GpuType Gpu { get; init; }

    /// <summary>Gets the tensor-parallel degree: GPUs per replica.</summary>
    public required int TensorParallel { get; init => field = Guard.Positive(value, nameof(TensorParallel)); }

    /// <summary>Gets the number of replicas.</summary>
    public required int Replicas { get; init => field = Guard.Positive(value, nameof(Replicas)); }

    /// <summary>Gets the GPUs in total (replicas × tensor parallelism).</summary>
    public int TotalGpus => checked(Replicas * TensorParallel);

    /// <summary>Gets the predicted performance of one replica at the planned peak load.</summary>
    public required PerformancePrediction Predicted { get; init; }

    /// <summary>Gets whether the prediction meets every SLO target.</summary>
    public required bool MeetsSlo { get; init; }

    /// <summary>Gets where the prediction comes from.</summary>
    public PredictionSource Source => Predicted.Source;

    /// <summary>Gets the monthly cost in USD.</summary>
    public double MonthlyCostUsd => Cost.MonthlyUsd;

    /// <summary>Gets the cost breakdown.</summary>
    public required CostEstimate Cost { get; init; }

    /// <summary>Gets the model's quality for the use case, or <see langword="null"/> when unknown.</summary>
    public QualityScore? Quality { get; init; }

    /// <summary>Gets the memory of one GPU.</summary>
    public required MemoryBreakdown Memory { get; init; }

    /// <summary>Gets the ranking scores.</summary>
    public required ScoreCard Scores { get; init; }

    /// <summary>Gets whether no other option is at least as good on cost, latency and quality and better on one.</summary>
    public required bool OnParetoFrontier { get; init; }

    /// <summary>Gets why this option was chosen, in one or two sentences.</summary>
    public required string Explanation { get; init; }

    /// <summary>
    /// Gets what sets this option apart ("best overall for your priorities", "the cheapest option that meets the SLOs",
    /// "on the cost/latency/quality Pareto frontier"…), the labels <see cref="Explanation"/> opens with; empty when none applies.
    /// </summary>
    public ImmutableArray<string> Highlights { get; init; } = [];

    /// <summary>Gets what this option gives up against the others.</summary>
    public ImmutableArray<string> Tradeoffs { get; init; } = [];

    /// <summary>Gets caveats (e.g. a capacity limited by benchmark coverage).</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];
}
