using Compass.Core;
using Compass.Core.Knowledge;

namespace Compass.Kserve.Vm;

/// <summary>
/// Chooses the cloud instance that runs a recommendation's replicas on single VMs, as both
/// <see cref="VmBundleGenerator"/> and <see cref="SingleVmPricer"/> do.
/// <list type="bullet">
/// <item><b>Exact</b>: the planned GPU type with at least the tensor parallelism in GPUs. Each VM runs as many replicas as
/// its GPUs hold at the planned tensor parallelism (<see cref="VmInstanceChoice.ReplicasPerVm"/>), so carrying all the
/// plan's replicas takes <see cref="VmInstanceChoice.VmsFor"/> VMs; the instance chosen is the one for which those VMs
/// cost least per hour, then the one with fewer VMs, then fewer GPUs.</item>
/// <item><b>Closest</b>, when the provider has no exact match: among the instances of any GPU type whose GPUs hold one
/// replica (<see cref="VmInstanceChoice.ReplicaMemoryGiB"/>), the smallest (fewest GPUs, then cheapest) of those with at
/// least <see cref="MinBandwidthRatio"/> of the planned replica's GPU memory bandwidth, which decode speed follows, so that
/// the alternative is of the planned GPUs' class rather than a much smaller GPU that merely holds the weights, nor a far
/// larger machine; when none is that fast, the fastest, then the cheapest. <see langword="null"/> when no instance holds one
/// replica. The alternative's speed is not planned: it is an alternative to plan again with, not a like-for-like replacement.</item>
/// </list>
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class VmInstanceSelector
{
    /// <summary>The share of GPU memory vLLM uses when the plan's GPU is not in the catalog (vLLM's default).</summary>
    private const double DefaultUtilization = 0.9;

    /// <summary>
    /// The share of the planned replica's GPU memory bandwidth (<see cref="VmInstanceChoice.BandwidthRatio"/>) from which
    /// a closest alternative counts as of the same class: 0.4, so that one H100 (3.35 TB/s) stands in for one MI300X
    /// (5.3 TB/s), and two L4s (2 × 0.3 TB/s) for one L40S (0.86 TB/s), but one L4 does not stand in for an MI300X.
    /// </summary>
    public const double MinBandwidthRatio = 0.4;

    private const double Bytes = 1024.0 * 1024 * 1024;

    private readonly KnowledgeCatalog _catalog;

    /// <summary>Initializes a new instance of the <see cref="VmInstanceSelector"/> class.</summary>
    /// <param name="catalog">The knowledge base (the GPUs' memory).</param>
    /// <param name="instances">The cloud instances, or <see langword="null"/> for <see cref="CloudInstanceCatalog.Embedded"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    public VmInstanceSelector(KnowledgeCatalog catalog, CloudInstanceCatalog? instances = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        Instances = instances ?? CloudInstanceCatalog.Embedded;
    }

    /// <summary>Gets the cloud instances chosen from.</summary>
    public CloudInstanceCatalog Instances { get; }

    /// <summary>Chooses the instance of a provider for the recommendation's replicas: the exact match, else the closest alternative.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="plan">The plan (its traffic gives the requests in flight).</param>
    /// <param name="recommendation">The recommendation.</param>
    /// <returns>The choice, or <see langword="null"/> when no instance of the provider holds one replica.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public VmInstanceChoice? Select(CloudProvider provider, Plan plan, Recommendation recommendation)
        => Exact(provider, plan, recommendation) ?? Closest(provider, plan, recommendation);

    /// <summary>
    /// Gets the instance of a provider with the planned GPU type and at least the tensor parallelism in GPUs that carries
    /// all the recommendation's replicas for the least per hour: each VM runs as many replicas as its GPUs hold (whole
    /// groups of the tensor parallelism), and the VMs needed are the replicas over that, rounded up. Ties go to fewer
    /// VMs, then fewer GPUs, then the instance type's name.
    /// </summary>
    /// <param name="provider">The provider.</param>
    /// <param name="plan">The plan.</param>
    /// <param name="recommendation">The recommendation.</param>
    /// <returns>The exact match, or <see langword="null"/> when the provider has none.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public VmInstanceChoice? Exact(CloudProvider provider, Plan plan, Recommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(recommendation);
        var tp = Math.Max(1, recommendation.TensorParallel);
        var replicas = Math.Max(1, recommendation.Replicas);
        var instance = Instances.WithGpu(provider, recommendation.Gpu)
            .Where(i => i.GpuCount >= tp)
            .Select(i => (Instance: i, Vms: VmInstanceChoice.VmCount(replicas, i.GpuCount / tp)))

            // Rounded to a ten-thousandth of a cent, so that equal prices (8 × one GPU against one VM of eight) tie.
            .OrderBy(c => Math.Round(c.Vms * c.Instance.OnDemandUsdPerHour, 6))
            .ThenBy(c => c.Vms)
            .ThenBy(c => c.Instance.GpuCount)
            .ThenBy(c => c.Instance.Type, StringComparer.Ordinal)
            .Select(c => c.Instance)
            .FirstOrDefault();
        return instance is null
            ? null
            : new VmInstanceChoice
            {
                Instance = instance,
                Match = VmInstanceMatch.Exact,
                GpusUsed = instance.GpuCount / tp * tp,
                ReplicasPerVm = instance.GpuCount / tp,
                ReplicaMemoryGiB = Round(Need(plan, recommendation, instance.Gpu, recommendation.TensorParallel)),
                UsableMemoryGiB = Round(recommendation.TensorParallel * Math.Max(0, recommendation.Memory.UsableGiB)),
                BandwidthRatio = 1,
            };
    }

    /// <summary>
    /// Gets the closest alternative of a provider: an instance of any GPU type whose GPUs hold one replica of the
    /// recommendation, the smallest (fewest GPUs, then cheapest) of those with at least <see cref="MinBandwidthRatio"/> of
    /// the planned memory bandwidth (else the fastest). It may be the planned GPU in a smaller count than the tensor parallelism.
    /// </summary>
    /// <param name="provider">The provider.</param>
    /// <param name="plan">The plan.</param>
    /// <param name="recommendation">The recommendation.</param>
    /// <returns>The alternative, or <see langword="null"/> when no instance of the provider holds one replica.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public VmInstanceChoice? Closest(CloudProvider provider, Plan plan, Recommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(recommendation);
        var utilization = Utilization(recommendation);
        var planned = _catalog.GetGpu(recommendation.Gpu)?.MemoryBandwidthGBps * recommendation.TensorParallel;
        var fitting = Instances.Instances
            .Where(i => i.Provider == provider)
            .Select(i => new VmInstanceChoice
            {
                Instance = i,
                Match = VmInstanceMatch.Closest,
                GpusUsed = i.GpuCount,
                ReplicaMemoryGiB = Round(Need(plan, recommendation, i.Gpu, i.GpuCount)),
                UsableMemoryGiB = Round(i.GpuCount * GpuMemoryGiB(i) * utilization),
                BandwidthRatio = planned is > 0 && _catalog.GetGpu(i.Gpu) is { } gpu ? Round(i.GpuCount * gpu.MemoryBandwidthGBps / planned.Value) : null,
            })
            .Where(c => c.UsableMemoryGiB >= c.ReplicaMemoryGiB)
            .ToList();
        var sameClass = fitting.Where(c => c.BandwidthRatio is null or >= MinBandwidthRatio).ToList();
        return sameClass.Count > 0
            ? sameClass
                .OrderBy(c => c.Instance.GpuCount)
                .ThenBy(c => c.Instance.OnDemandUsdPerHour)
                .ThenBy(c => c.Instance.Type, StringComparer.Ordinal)
                .First()
            : fitting
                .OrderByDescending(c => c.BandwidthRatio)
                .ThenBy(c => c.Instance.OnDemandUsdPerHour)
                .ThenBy(c => c.Instance.Type, StringComparer.Ordinal)
                .FirstOrDefault();
    }

    /// <summary>
    /// Gets the GPU memory one replica needs at the planned tensor parallelism, in GiB: weights, activations and overhead
    /// of each GPU, plus the KV cache of the requests one replica holds in flight at peak (Little's law: the predicted
    /// per-replica rate × the predicted E2E latency, at most the planned batch), each at the profile's p95 prompt + output length.
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <param name="recommendation">The recommendation.</param>
    /// <returns>The memory, in GiB.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public double ReplicaMemoryGiB(Plan plan, Recommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(recommendation);
        return Round(Need(plan, recommendation, recommendation.Gpu, recommendation.TensorParallel));
    }

    // What one replica needs on `gpus` GPUs of type `gpu`: the weights and activations of the whole replica (as planned,
    // summed over its GPUs), the overhead of each GPU, and the KV cache in flight; an FP8 KV cache takes twice the room
    // on a GPU without FP8, where vLLM keeps it in 16 bits.
    private double Need(Plan plan, Recommendation r, GpuType gpu, int gpus)
    {
        var m = r.Memory;
        var tp = r.TensorParallel;
        var predicted = r.Predicted;
        var inFlight = Math.Max(1, (int)Math.Ceiling(predicted.RequestRate * predicted.E2eMs / 1000));
        var held = m.MaxBatch > 0 ? Math.Min(inFlight, m.MaxBatch) : inFlight;
        var tokens = (double)plan.Traffic.PromptTokens.P95 + plan.Traffic.OutputTokens.P95;
        var kvBytes = m.KvBytesPerToken * (r.KvCacheDtype.IsFp8 && _catalog.GetGpu(gpu) is { Fp8Tflops: null } ? 2 : 1);
        var kvGiB = held * tokens * kvBytes / Bytes;
        return (tp * (Math.Max(0, m.WeightsGiB) + Math.Max(0, m.ActivationsGiB))) + (gpus * Math.Max(0, m.OverheadGiB)) + kvGiB;
    }

    // The share of each GPU's memory vLLM may use, as the plan assumed it for its own GPU.
    private double Utilization(Recommendation r)
        => _catalog.GetGpu(r.Gpu) is { } gpu && r.Memory.UsableGiB > 0 ? Math.Min(1, r.Memory.UsableGiB / gpu.MemoryGiB) : DefaultUtilization;

    // The catalog's memory for the GPU type (GiB, as the plan uses it), else the provider's figure.
    private double GpuMemoryGiB(CloudInstance instance) => _catalog.GetGpu(instance.Gpu)?.MemoryGiB ?? instance.GpuMemoryGiB;

    private static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
