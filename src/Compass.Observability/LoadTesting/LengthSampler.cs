using Compass.Core;
using MathNet.Numerics.Distributions;

namespace Compass.Observability.LoadTesting;

/// <summary>Draws token lengths from a <see cref="TokenDistribution"/>: rounded, clamped to [Min, Max], never below 1.</summary>
internal static class LengthSampler
{
    public static int Sample(TokenDistribution distribution, Random random)
    {
        double value;
        switch (distribution.Kind)
        {
            case DistributionKind.Fixed:
                return distribution.Min;
            case DistributionKind.Empirical:
                return distribution.Samples[random.Next(distribution.Samples.Length)];
            case DistributionKind.Normal:
                value = distribution.Mean + (distribution.StdDev * Normal.Sample(random, 0, 1));
                break;
            default:
                var sigma2 = Math.Log(1 + (distribution.StdDev * distribution.StdDev / (distribution.Mean * distribution.Mean)));
                value = Math.Exp(Math.Log(distribution.Mean) - (sigma2 / 2) + (Math.Sqrt(sigma2) * Normal.Sample(random, 0, 1)));
                break;
        }

        return Math.Max(1, (int)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), distribution.Min, distribution.Max));
    }
}
