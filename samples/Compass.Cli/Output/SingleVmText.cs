using System.Globalization;
using Compass.Kserve.Vm;

namespace Compass.Cli.Output;

/// <summary>
/// The single-VM alternative of a recommendation (<see cref="SingleVmPricer"/>) in the plan's text and tables: one
/// compact line beside the GPU-hour cost, and columns per provider for Markdown and CSV.
/// </summary>
internal static class SingleVmText
{
    /// <summary>The mark of an instance that is the closest alternative rather than the planned GPUs.</summary>
    public const string ClosestMark = "≈";

    /// <summary>What the mark means, for the legend.</summary>
    public const string ClosestLegend = ClosestMark + " = closest single VM: another GPU or count that holds the replica, with the share of the planned GPUs' memory bandwidth; its speed was not planned: plan again with --gpu to size it";

    /// <summary>
    /// The line beside the cost: <c>single VM, list on-demand: aws g6e.xlarge $1.86/h, $1,359/mo · gcp … · azure none fits</c>;
    /// with <c>N ×</c> and <c>each</c> when a provider needs several VMs, and how many replicas each VM runs and how many
    /// GPUs of each stay idle when the instance carries more GPUs than one replica uses.
    /// </summary>
    public static string Line(SingleVmAlternative alternative, int replicas)
    {
        var parts = alternative.Quotes.Select(q =>
        {
            var i = q.Instance;
            var count = q.VmCount > 1 ? F($"{q.VmCount} × ") : string.Empty;
            var mark = q.Match == VmInstanceMatch.Closest ? ClosestMark : string.Empty;
            var detail = q.Match == VmInstanceMatch.Closest
                ? F($" ({i.GpuCount}× {i.Gpu}{(q.Choice.BandwidthRatio is { } ratio ? F($", {ratio * 100:0}% bandwidth") : string.Empty)})")
                : Packing(q, replicas);
            var each = q.VmCount > 1 ? " each" : string.Empty;
            return F($"{q.Provider} {count}{mark}{i.Type}{detail} ${q.VmUsdPerHour:0.00}/h{each}, ${q.MonthlyUsd:N0}/mo");
        });
        var none = alternative.Unavailable.Select(p => F($"{p} none fits"));
        var head = replicas > 1 ? F($"single VM, {replicas} replicas, list on-demand: ") : "single VM, list on-demand: ";
        return head + string.Join(" · ", parts.Concat(none));
    }

    // "(8 replicas each, 32 in all)", "(4 replicas)", "(1 of 3 GPUs idle)", or nothing for one replica on all the GPUs.
    private static string Packing(SingleVmQuote q, int replicas)
    {
        var notes = new List<string>();
        if (q.Choice.ReplicasPerVm > 1)
        {
            var total = q.Replicas > replicas ? F($", {q.Replicas} in all") : string.Empty;
            notes.Add(q.VmCount > 1 ? F($"{q.Choice.ReplicasPerVm} replicas each{total}") : F($"{q.Choice.ReplicasPerVm} replicas"));
        }

        if (q.Choice.IdleGpus > 0)
        {
            notes.Add(F($"{q.Choice.IdleGpus} of {q.Instance.GpuCount} GPUs idle"));
        }

        return notes.Count == 0 ? string.Empty : " (" + string.Join(", ", notes) + ")";
    }

    /// <summary>Gets whether any quote is a closest alternative, so the legend explains the mark.</summary>
    public static bool AnyClosest(IEnumerable<SingleVmAlternative> alternatives)
        => alternatives.Any(a => a.Quotes.Any(q => q.Match == VmInstanceMatch.Closest));

    /// <summary>The Markdown/CSV columns for each provider: instance, match, VMs, $/VM-hour, $/month.</summary>
    public static IEnumerable<(string Header, bool RightAligned)> Columns(IEnumerable<string> providers)
        => providers.SelectMany(p => new[]
        {
            ($"vm_{p}_instance", false), ($"vm_{p}_match", false), ($"vm_{p}_vms", true), ($"vm_{p}_usd_per_vm_hour", true), ($"vm_{p}_monthly_usd", true),
        });

    /// <summary>The cells of <see cref="Columns"/> for one recommendation.</summary>
    public static IEnumerable<string> Cells(SingleVmAlternative? alternative, IEnumerable<string> providers)
        => providers.SelectMany(p =>
        {
            var q = alternative?.Quotes.FirstOrDefault(x => x.Provider.Value == p);
            return q is null
                ? new[] { string.Empty, alternative is null ? string.Empty : "none", string.Empty, string.Empty, string.Empty }
                : [q.Instance.Type, SingleVmJson.Name(q.Match), q.VmCount.ToString(CultureInfo.InvariantCulture), D(q.VmUsdPerHour), D(Math.Round(q.MonthlyUsd, 2))];
        });

    private static string D(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
