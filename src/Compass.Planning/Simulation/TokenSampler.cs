using Compass.Core;
using MathNet.Numerics.Distributions;

namespace Compass.Planning.Simulation;

/// <summary>
/// Draws one token length from a <see cref="TokenDistribution"/>: normal and log-normal draws are rounded to the
/// nearest whole token and clamped to [Min, Max] (never below 1); empirical draws pick one observed length uniformly.
/// The simulation and the load tester draw with it, so both see the same distribution.
/// </summary>
public static class TokenSampler
{
    /// <summary>Draws one length.</summary>
    /// <param name="distribution">The distribution.</param>
    /// <param name="random">The caller's seeded random source.</param>
    /// <returns>A length of at least one token.</returns>
    public static int Sample(TokenDistribution distribution, System.Random random)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        ArgumentNullException.ThrowIfNull(random);
        double value;
        switch (distribution.Kind)
        {
            case DistributionKind.Fixed:
                return distribution.Min;
            case DistributionKind.Empirical:
                var samples = distribution.Samples;
                return samples[random.Next(samples.Length)];
            case DistributionKind.Normal:
                value = distribution.Mean + (distribution.StdDev * Normal.Sample(random, 0, 1));
                break;
            default:
                var (mu, sigma) = LogNormalParameters(distribution.Mean, distribution.StdDev);
                value = Math.Exp(mu + (sigma * Normal.Sample(random, 0, 1)));
                break;
        }

        var clamped = Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), distribution.Min, distribution.Max);
        return Math.Max(1, (int)clamped);
    }

    /// <summary>The μ and σ of the underlying normal for a log-normal with the given mean and standard deviation.</summary>
    /// <param name="mean">The mean.</param>
    /// <param name="stdDev">The standard deviation.</param>
    /// <returns>μ and σ.</returns>
    internal static (double Mu, double Sigma) LogNormalParameters(double mean, double stdDev)
    {
        var sigma2 = Math.Log(1 + (stdDev * stdDev / (mean * mean)));
        return (Math.Log(mean) - (sigma2 / 2), Math.Sqrt(sigma2));
    }
}
