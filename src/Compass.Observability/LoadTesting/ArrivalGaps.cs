using Compass.Core;
using MathNet.Numerics.Distributions;

namespace Compass.Observability.LoadTesting;

/// <summary>Gaps between arrivals, in seconds, for a mean rate and an arrival pattern.</summary>
internal static class ArrivalGaps
{
    public static double Next(double rate, ArrivalPattern pattern, Random random) => pattern.Kind switch
    {
        ArrivalKind.Constant => 1 / rate,
        ArrivalKind.Poisson => Exponential.Sample(random, rate),
        _ => GammaGap(rate, pattern.CoefficientOfVariation, random),
    };

    /// <summary>The first <paramref name="count"/> arrival offsets, in seconds from 0 (the first request arrives at 0).</summary>
    public static double[] Offsets(int count, double rate, ArrivalPattern pattern, Random random)
    {
        var offsets = new double[count];
        for (var i = 1; i < count; i++)
        {
            offsets[i] = offsets[i - 1] + Next(rate, pattern, random);
        }

        return offsets;
    }

    private static double GammaGap(double rate, double cv, Random random)
    {
        var shape = 1 / (cv * cv);
        return Gamma.Sample(random, shape, shape * rate);
    }
}
