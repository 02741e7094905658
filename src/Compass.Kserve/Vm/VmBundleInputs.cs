using System.Collections.Immutable;
using Compass.Core;
using Compass.Kserve.Manifests;

namespace Compass.Kserve.Vm;

/// <summary>What the VM bundle's builders share.</summary>
internal sealed record VmBundleInputs(
    Plan Plan,
    Recommendation Recommendation,
    VmOptions Options,
    CloudInstance Instance,
    ServingSettings Settings,
    MonitoringBundle Monitoring,
    string VllmImage,
    ImmutableArray<string> VllmArguments,
    string Region,
    int DiskGiB,
    int VmCount,
    int ReplicasPerVm,
    VmCost Cost)
{
    public int Rank => Recommendation.Rank;

    /// <summary>Gets the replicas every VM runs together.</summary>
    public int Replicas => VmCount * ReplicasPerVm;

    /// <summary>Gets the Compose service of each replica on a VM: <c>vllm</c> alone, else <c>vllm-0</c> … <c>vllm-{k-1}</c>.</summary>
    public IReadOnlyList<string> VllmServices => ReplicasPerVm == 1 ? ["vllm"] : [.. Enumerable.Range(0, ReplicasPerVm).Select(i => $"vllm-{i}")];

    /// <summary>Gets the replicas' services for prose: <c>vllm-0, vllm-1</c> or <c>vllm-0 … vllm-7</c>.</summary>
    public string VllmServiceRange => VllmServices.Count <= 2 ? string.Join(", ", VllmServices) : $"{VllmServices[0]} … {VllmServices[^1]}";

    /// <summary>Gets where one replica runs: <c>its own GPU</c> or <c>its own 4 GPUs</c>.</summary>
    public string ReplicaGpus => Settings.TensorParallel == 1 ? "its own GPU" : $"its own {Settings.TensorParallel} GPUs";
}
