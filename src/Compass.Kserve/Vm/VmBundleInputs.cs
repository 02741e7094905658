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
    VmCost Cost)
{
    public int Rank => Recommendation.Rank;
}
