using System.Globalization;

namespace Compass.Core;

/// <summary>
/// Latency targets a deployment must meet at one percentile (p95 by default): time to first token (TTFT), inter-token
/// latency (ITL) and end-to-end request latency (E2E), all in milliseconds.
/// </summary>
public sealed record SloTargets
{
    /// <summary>Gets the time-to-first-token target in milliseconds.</summary>
    public required double TtftMs
    {
        get;
        init => field = Guard.PositiveFinite(value, nameof(TtftMs));
    }

    /// <summary>Gets the inter-token latency target in milliseconds per output token.</summary>
    public required double ItlMs
    {
        get;
        init => field = Guard.PositiveFinite(value, nameof(ItlMs));
    }

    /// <summary>Gets the end-to-end latency target in milliseconds.</summary>
    public required double E2eMs
    {
        get;
        init => field = Guard.PositiveFinite(value, nameof(E2eMs));
    }

    /// <summary>Gets the percentile at which the targets apply, in (0, 100). Default 95.</summary>
    public double Percentile
    {
        get;
        init => field = value is > 0 and < 100 ? value : throw new ArgumentOutOfRangeException(nameof(Percentile), value, "The SLO percentile must be in (0, 100), e.g. 95.");
    } = 95;

    /// <summary>Creates targets and checks that they are consistent (E2E cannot be shorter than TTFT).</summary>
    /// <param name="ttftMs">TTFT target in ms.</param>
    /// <param name="itlMs">ITL target in ms.</param>
    /// <param name="e2eMs">E2E target in ms.</param>
    /// <param name="percentile">The percentile, default 95.</param>
    /// <returns>The targets.</returns>
    /// <exception cref="ArgumentException">A target is not positive, or E2E is below TTFT.</exception>
    public static SloTargets Create(double ttftMs, double itlMs, double e2eMs, double percentile = 95)
    {
        var targets = new SloTargets { TtftMs = ttftMs, ItlMs = itlMs, E2eMs = e2eMs, Percentile = percentile };
        targets.EnsureConsistent();
        return targets;
    }

    /// <summary>Throws when E2E is shorter than TTFT, which no request could meet.</summary>
    /// <exception cref="ArgumentException">E2E is below TTFT.</exception>
    public void EnsureConsistent()
    {
        if (E2eMs < TtftMs)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The E2E target ({E2eMs:0} ms) is shorter than the TTFT target ({TtftMs:0} ms); no request can meet both. Raise E2E or lower TTFT."));
        }
    }

    /// <summary>Gets whether every target here is at least as strict as in <paramref name="other"/> (same percentile or higher).</summary>
    /// <param name="other">The targets to compare with.</param>
    /// <returns><see langword="true"/> when these targets are no looser on any metric.</returns>
    public bool IsAtLeastAsStrictAs(SloTargets other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return TtftMs <= other.TtftMs && ItlMs <= other.ItlMs && E2eMs <= other.E2eMs && Percentile >= other.Percentile;
    }

    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"p{Percentile:0.#} TTFT ≤ {TtftMs:0} ms, ITL ≤ {ItlMs:0.#} ms, E2E ≤ {E2eMs:0} ms");
}
