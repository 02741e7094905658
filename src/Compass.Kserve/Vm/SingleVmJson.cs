using System.Text.Json.Nodes;

namespace Compass.Kserve.Vm;

/// <summary>
/// The JSON form of <see cref="SingleVmAlternative"/>, as <c>compass plan --json</c> prints it in each recommendation
/// (the property <see cref="PropertyName"/>). <see cref="Compass.Core.Serialization.PlanFile"/> ignores that property
/// when it reads a plan back.
/// </summary>
public static class SingleVmJson
{
    /// <summary>The property of a recommendation's JSON object that holds its single-VM alternative.</summary>
    public const string PropertyName = "singleVm";

    /// <summary>An instance's JSON object: <c>type</c>, <c>family</c>, <c>gpu</c>, <c>gpuCount</c>, <c>gpuMemoryGiB</c>, <c>vcpus</c> and <c>memoryGiB</c>.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns>A new JSON object the caller may change.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="instance"/> is null.</exception>
    public static JsonObject InstanceJson(Compass.Core.CloudInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new JsonObject
        {
            ["type"] = instance.Type,
            ["family"] = instance.Family,
            ["gpu"] = instance.Gpu.Value,
            ["gpuCount"] = instance.GpuCount,
            ["gpuMemoryGiB"] = instance.GpuMemoryGiB,
            ["vcpus"] = instance.VCpus,
            ["memoryGiB"] = instance.MemoryGiB,
        };
    }

    /// <summary>
    /// Converts an alternative to its JSON object: <c>hoursPerMonth</c>, <c>priceBasis</c>, <c>replicaMemoryGiB</c> and
    /// <c>providers</c>, one entry per provider of the catalog with its <c>match</c> (<c>exact</c>, <c>closest</c> or
    /// <c>none</c>), and for a match the instance, <c>vmCount</c>, <c>replicasPerVm</c>, <c>replicas</c> (in all), idle GPUs and the
    /// price per VM-hour, per hour and per month.
    /// </summary>
    /// <param name="alternative">The alternative.</param>
    /// <returns>A new JSON object the caller may change.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="alternative"/> is null.</exception>
    public static JsonObject ToJsonObject(SingleVmAlternative alternative)
    {
        ArgumentNullException.ThrowIfNull(alternative);
        var providers = new JsonArray();
        foreach (var q in alternative.Quotes)
        {
            var i = q.Instance;
            providers.Add(new JsonObject
            {
                ["provider"] = q.Provider.Value,
                ["match"] = Name(q.Match),
                ["instance"] = InstanceJson(i),
                ["vmCount"] = q.VmCount,
                ["replicasPerVm"] = q.Choice.ReplicasPerVm,
                ["replicas"] = q.Replicas,
                ["gpusUsedPerVm"] = q.Choice.GpusUsed,
                ["idleGpus"] = q.IdleGpus,
                ["usableMemoryGiB"] = q.Choice.UsableMemoryGiB,
                ["bandwidthRatio"] = q.Choice.BandwidthRatio,
                ["vmUsdPerHour"] = q.VmUsdPerHour,
                ["totalUsdPerHour"] = Math.Round(q.TotalUsdPerHour, 4),
                ["monthlyUsd"] = Math.Round(q.MonthlyUsd, 2),
                ["priceRegion"] = i.Region,
                ["priceAsOf"] = i.AsOf,
                ["priceSource"] = i.Source.ToString(),
            });
        }

        foreach (var provider in alternative.Unavailable)
        {
            providers.Add(new JsonObject { ["provider"] = provider.Value, ["match"] = "none" });
        }

        return new JsonObject
        {
            ["hoursPerMonth"] = alternative.HoursPerMonth,
            ["priceBasis"] = "list on-demand, as many replicas per VM as its GPUs hold",
            ["replicaMemoryGiB"] = alternative.ReplicaMemoryGiB,
            ["kubernetesMonthlyUsd"] = alternative.KubernetesMonthlyUsd,
            ["providers"] = providers,
        };
    }

    /// <summary>Adds each alternative to its recommendation in a plan's JSON (<c>recommendations[i].singleVm</c>), matched by rank.</summary>
    /// <param name="plan">The plan's JSON object, as <c>compass plan --json</c> writes it.</param>
    /// <param name="alternatives">The alternatives.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void AddTo(JsonObject plan, IEnumerable<SingleVmAlternative> alternatives)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(alternatives);
        if (plan["recommendations"] is not JsonArray recommendations)
        {
            return;
        }

        var byRank = alternatives.ToDictionary(a => a.Rank);
        foreach (var node in recommendations)
        {
            if (node is JsonObject r && r["rank"] is JsonValue rank && rank.TryGetValue(out int value) && byRank.TryGetValue(value, out var alternative))
            {
                r[PropertyName] = ToJsonObject(alternative);
            }
        }
    }

    /// <summary>Gets the JSON name of a match: <c>exact</c> or <c>closest</c>.</summary>
    /// <param name="match">The match.</param>
    /// <returns>The name.</returns>
    public static string Name(VmInstanceMatch match) => match == VmInstanceMatch.Exact ? "exact" : "closest";
}
