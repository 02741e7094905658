using System.Collections.Immutable;
using Compass.Core;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Compass.Planning.Simulation;

/// <summary>
/// Draws synthetic requests from a <see cref="WorkloadSpec"/> with a private random source seeded by the caller
/// (xoshiro256**, never shared), so the same spec and seed always give the same workload. For each request it draws,
/// in this order, the gap since the previous arrival, the prompt length and the output length.
/// </summary>
internal static class WorkloadGenerator
{
    public static ImmutableArray<WorkloadRequest> Generate(WorkloadSpec spec, int seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if ((spec.Requests is null) == (spec.DurationSeconds is null))
        {
            throw new ArgumentException("Give either a request count or a duration to stop the workload, not both and not neither.", nameof(spec));
        }

        var expected = spec.Requests ?? spec.DurationSeconds!.Value * spec.RatePerSecond;
        if (expected > Workload.MaxRequests)
        {
            throw new ArgumentException(
                $"The workload would hold about {expected:N0} requests; at most {Workload.MaxRequests:N0} are simulated. Lower the rate or the duration.", nameof(spec));
        }

        var random = new Xoshiro256StarStar(seed, threadSafe: false);
        var arrivals = new ArrivalSampler(spec.Arrivals, spec.RatePerSecond);
        var limitMs = spec.DurationSeconds is { } seconds ? seconds * 1000 : double.PositiveInfinity;
        var count = spec.Requests ?? int.MaxValue;
        var builder = ImmutableArray.CreateBuilder<WorkloadRequest>(Math.Min(count, (int)Math.Min(Workload.MaxRequests, Math.Ceiling(expected * 1.1) + 16)));
        var time = 0.0;
        while (builder.Count < count)
        {
            time += arrivals.NextGapMs(random);
            if (time >= limitMs)
            {
                break;
            }

            if (builder.Count == Workload.MaxRequests)
            {
                throw new ArgumentException($"The workload would hold more than {Workload.MaxRequests:N0} requests. Lower the rate or the duration.", nameof(spec));
            }

            var prompt = TokenSampler.Sample(spec.PromptTokens, random);
            var output = TokenSampler.Sample(spec.OutputTokens, random);
            builder.Add(new WorkloadRequest(time, prompt, output));
        }

        return builder.DrainToImmutable();
    }

    /// <summary>Gaps between arrivals: exponential (Poisson), gamma with the pattern's CV (same mean), or constant.</summary>
    private readonly struct ArrivalSampler(ArrivalPattern pattern, double ratePerSecond)
    {
        private readonly ArrivalKind _kind = pattern.Kind;
        private readonly double _meanGapMs = 1000 / ratePerSecond;

        // Gamma with shape k = 1/CV² and rate k/mean has the given mean and CV.
        private readonly double _shape = pattern.Kind == ArrivalKind.Gamma ? 1 / (pattern.CoefficientOfVariation * pattern.CoefficientOfVariation) : 1;

        public double NextGapMs(System.Random random) => _kind switch
        {
            ArrivalKind.Constant => _meanGapMs,
            ArrivalKind.Gamma => Gamma.Sample(random, _shape, _shape / _meanGapMs),
            _ => -Math.Log(1 - random.NextDouble()) * _meanGapMs,
        };
    }
}
