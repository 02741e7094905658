using System.Globalization;

namespace Compass.Kserve.Manifests;

/// <summary>Why a latency alert counts observations above the bucket bound it does.</summary>
internal enum BoundChoice
{
    /// <summary>The target is a bucket bound: the share above it is counted exactly.</summary>
    AtTarget,

    /// <summary>The nearest bound (on a log scale) lies above the target, or no bound lies below it.</summary>
    Above,

    /// <summary>The nearest bound lies below the target, or no bound lies above it.</summary>
    Below,

    /// <summary>
    /// The bound below the target was nearer, but the plan predicts the percentile at peak too close to it (above
    /// <see cref="MonitoringBuilder.WarningShare"/> of it), so an alert on it would fire at the planned load: the bound
    /// above is used.
    /// </summary>
    AboveForPeak,
}

/// <summary>
/// The histogram bucket bound (<c>le</c>) a latency SLO alert counts observations above, in place of the target. A
/// share of observations above a bucket bound is counted exactly from the histogram's counters; a quantile
/// (<c>histogram_quantile</c>) is interpolated linearly inside the bucket that holds it, which misreads a distribution
/// bunched at one side of a wide bucket (vLLM's inter-token buckets jump from 10 ms to 25 ms). So the alert counts above
/// a bound, and says which: the target itself when it is a bound; otherwise the nearer of the bounds either side on a
/// log scale (the smaller relative error; a tie goes to the bound above, which cannot alert while the SLO is met), except
/// that a bound below the target is not used when the plan's own prediction at peak is above
/// <see cref="MonitoringBuilder.WarningShare"/> of it: counting above it would alert at the load the plan was made for.
/// </summary>
/// <param name="Target">The SLO target, in seconds.</param>
/// <param name="Bound">The bucket bound the alert counts above, in seconds.</param>
/// <param name="BelowTarget">The largest bucket bound under the target, or <see langword="null"/>.</param>
/// <param name="AboveTarget">The smallest bucket bound over the target, or <see langword="null"/>.</param>
/// <param name="PredictedAtPeak">The plan's predicted percentile at peak, in seconds.</param>
/// <param name="Choice">Why <paramref name="Bound"/>.</param>
internal sealed record SloBound(double Target, double Bound, double? BelowTarget, double? AboveTarget, double PredictedAtPeak, BoundChoice Choice)
{
    /// <summary>Chooses the bound for a target from a histogram's finite bucket bounds (ascending, in seconds).</summary>
    public static SloBound Choose(double target, IReadOnlyList<double> bounds, double predictedAtPeak)
    {
        if (!(target > 0) || bounds.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(target), "A latency target must be positive, and the histogram must have bucket bounds.");
        }

        var exact = bounds.FirstOrDefault(b => Math.Abs(b - target) <= 1e-9 * target);
        if (exact > 0)
        {
            return new SloBound(target, exact, null, null, predictedAtPeak, BoundChoice.AtTarget);
        }

        double? below = bounds.Where(b => b < target).Select(b => (double?)b).LastOrDefault();
        double? above = bounds.Where(b => b > target).Select(b => (double?)b).FirstOrDefault();
        if (below is not { } lower)
        {
            return new SloBound(target, above!.Value, null, above, predictedAtPeak, BoundChoice.Above);
        }

        if (above is not { } upper)
        {
            return new SloBound(target, lower, below, null, predictedAtPeak, BoundChoice.Below);
        }

        if (upper / target <= target / lower)
        {
            return new SloBound(target, upper, below, above, predictedAtPeak, BoundChoice.Above);
        }

        return predictedAtPeak > MonitoringBuilder.WarningShare * lower
            ? new SloBound(target, upper, below, above, predictedAtPeak, BoundChoice.AboveForPeak)
            : new SloBound(target, lower, below, above, predictedAtPeak, BoundChoice.Below);
    }

    /// <summary>
    /// What counting above <see cref="Bound"/> instead of the target means, in one or two sentences for the alert's
    /// description and the runbook; <paramref name="observations"/> names what is counted (<c>requests</c>, <c>token gaps</c>).
    /// </summary>
    public string Note(string observations)
    {
        var target = MonitoringBuilder.Seconds(Target);
        var bound = MonitoringBuilder.Seconds(Bound);
        var missing = $"vLLM's histogram has no bucket bound at the {target} target";
        var off = string.Create(CultureInfo.InvariantCulture, $"{Math.Abs((Bound / Target) - 1):0%}");
        return Choice switch
        {
            BoundChoice.AtTarget => $"The {target} target is a bucket bound of vLLM's histogram, so the share is counted exactly.",
            BoundChoice.Above => $"{missing}; the nearest is {bound} ({off} above it), so {observations} between {target} and {bound} are not counted: the SLO can be missed by that margin without this alert.",
            BoundChoice.AboveForPeak => $"{missing}; the bound below it, {MonitoringBuilder.Seconds(BelowTarget!.Value)}, is too close to the {MonitoringBuilder.Seconds(PredictedAtPeak)} the plan predicts at peak (counting above it would alert at the planned load), so {bound} is used ({off} above the target): {observations} between {target} and {bound} are not counted.",
            _ => $"{missing}; the nearest is {bound} ({off} below it), so {observations} between {bound} and {target} count as slow: this alert can fire while the SLO is still met."
                + (PredictedAtPeak > MonitoringBuilder.WarningShare * Bound ? $" The plan predicts {MonitoringBuilder.Seconds(PredictedAtPeak)} at peak, so expect it at the planned load." : string.Empty),
        };
    }
}
