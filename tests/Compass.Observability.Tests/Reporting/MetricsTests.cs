using System.Collections.Immutable;
using Compass.Core;
using Compass.Observability.LoadTesting;
using Compass.Observability.Reporting;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compass.Observability.Tests.Reporting;

public sealed class MetricsTests
{
    internal static RequestRecord Ok(int id, double start, double ttftMs, double itlMs, int tokens) => new()
    {
        Id = id,
        Outcome = RequestOutcome.Successful,
        ScheduledSeconds = start,
        StartSeconds = start,
        FirstTokenSeconds = start + (ttftMs / 1000),
        EndSeconds = start + ((ttftMs + (itlMs * (tokens - 1))) / 1000),
        PromptTokensTarget = 100,
        PromptTokens = 101,
        OutputTokensTarget = tokens,
        OutputTokens = tokens,
        OutputTokensFromUsage = true,
        ContentChunks = tokens,
        TtftMs = ttftMs,
        ItlMs = tokens > 1 ? itlMs : null,
        E2eMs = ttftMs + (itlMs * (tokens - 1)),
        ChunkGapsMs = [.. Enumerable.Repeat(itlMs, tokens - 1)],
    };

    [Fact]
    public void Compute_SplitsByStatus_AndNamesErrors()
    {
        RequestRecord[] records =
        [
            Ok(0, 0.0, 100, 10, 11),
            Ok(1, 0.5, 200, 20, 11),
            Ok(2, 1.0, 300, 30, 11),
            new() { Id = 3, Outcome = RequestOutcome.Errored, ScheduledSeconds = 1, StartSeconds = 1, EndSeconds = 1.01, PromptTokensTarget = 100, OutputTokensTarget = 11, E2eMs = 10, ErrorKind = "http_500", StatusCode = 500 },
            new() { Id = 4, Outcome = RequestOutcome.Incomplete, ScheduledSeconds = 1, StartSeconds = 1, EndSeconds = 2, PromptTokensTarget = 100, OutputTokensTarget = 11, E2eMs = 1000, ErrorKind = "timeout" },
        ];
        var m = BenchmarkMetrics.Compute(records, 2);

        Assert.Equal(new StatusCounts(3, 1, 1), m.RequestTotals);
        Assert.Equal(5, m.RequestTotals.Total);
        Assert.Equal(200, m.TimeToFirstTokenMs.Successful.Mean, 9);
        Assert.Equal(200, m.TimeToFirstTokenMs.Successful.Median, 9);
        Assert.Equal(290, m.TimeToFirstTokenMs.Successful.Percentiles.P95, 9); // linear between 200 and 300
        Assert.Equal(20, m.InterTokenLatencyMs.Successful.Mean, 9);
        Assert.Equal(30, m.TokenGapsMs.Count);
        Assert.Equal(20, m.TokenGapsMs.Mean, 9);
        Assert.Equal(0.2, m.RequestLatency.Successful.Min, 9); // seconds: 100 + 10 × 10 ms
        Assert.Equal(1.5, m.RequestsPerSecond.Successful.Mean, 9); // 3 requests ÷ 2 s
        Assert.Equal(2.5, m.RequestsPerSecond.Total.Mean, 9);
        Assert.Equal(16.5, m.OutputTokensPerSecond.Successful.Mean, 9); // 33 tokens ÷ 2 s
        Assert.Equal(101, m.PromptTokenCount.Successful.Mean);
        Assert.Equal(100, m.PromptTokenCount.Errored.Mean); // no usage: the target
        Assert.Equal(ImmutableSortedDictionary.CreateRange(new Dictionary<string, int> { ["http_500"] = 1, ["timeout"] = 1 }), m.Errors);
        Assert.Equal(0, m.TimeToFirstTokenMs.Errored.Count);
    }

    [Fact]
    public void Concurrency_IsTimeWeighted()
    {
        // One request over [0, 2], another over [1, 2], window 4 s: 1 for 1 s, 2 for 1 s, 0 for 2 s.
        var d = BenchmarkMetrics.ConcurrencyDistribution([(0, 2), (1, 2)], 4, 2);
        Assert.Equal(0.75, d.Mean, 9);
        Assert.Equal(2, d.Max);
        Assert.Equal(0, d.Min);
    }

    [Property(MaxTest = 300)]
    public Property RateMean_IsTotalWeightOverDuration_Meets_Specification()
    {
        var times = Gen.Choose(0, 10_000).Select(t => t / 1000.0).ListOf();
        return Prop.ForAll(times.ToArbitrary(), Gen.Choose(1, 5).ToArbitrary(), (ts, weight) =>
        {
            var d = BenchmarkMetrics.RateDistribution(ts.Select(t => (t, (double)weight)), 10, ts.Count);
            var expected = ts.Count * weight / 10.0;
            return Math.Abs(d.Mean - expected) < 1e-6 * Math.Max(1, expected);
        });
    }

    [Property(MaxTest = 500)]
    public Property Summary_PercentilesAreOrderedAndBounded_Meets_Specification()
        => Prop.ForAll(Gen.Choose(-100_000, 100_000).Select(i => i / 10.0).NonEmptyListOf().ToArbitrary(), values =>
        {
            var s = DistributionSummary.FromValues(values);
            var p = s.Percentiles;
            double[] ordered = [s.Min, p.P001, p.P01, p.P05, p.P10, p.P25, p.P50, p.P75, p.P90, p.P95, p.P99, p.P999, s.Max];
            return ordered.Zip(ordered.Skip(1)).All(x => x.First <= x.Second + 1e-9) && s.Median == p.P50 && s.Count == values.Count
                && Math.Abs(s.Mean - values.Average()) < 1e-6 && s.StdDev >= 0 && Math.Abs(s.AtPercentile(95) - p.P95) < 1e-9;
        });

    [Fact]
    public void Summary_Empty_IsZeros()
    {
        Assert.Equal(DistributionSummary.Empty, DistributionSummary.FromValues([]));
        Assert.Equal(DistributionSummary.Empty, DistributionSummary.FromValues([double.NaN]));
        Assert.Equal(0, DistributionSummary.Quantile([], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => DistributionSummary.Quantile([1.0], 1.5));
    }

    [Fact]
    public void ArrivalGaps_PoissonCount_IsWithinStatisticalBounds_AndConstantIsExact()
    {
        // 50 req/s for 100 s: 5,000 arrivals expected, sd ~71; ±5 sd is generous and, with a fixed seed, deterministic.
        var offsets = ArrivalGaps.Offsets(20_000, 50, ArrivalPattern.Poisson, new Random(11));
        Assert.InRange(offsets.Count(t => t < 100), 5000 - 355, 5000 + 355);

        var gaps = offsets.Zip(offsets.Skip(1), (a, b) => b - a).ToArray();
        var cv = Math.Sqrt(gaps.Select(g => (g - gaps.Average()) * (g - gaps.Average())).Average()) / gaps.Average();
        Assert.InRange(cv, 0.95, 1.05);

        var gamma = ArrivalGaps.Offsets(20_000, 50, ArrivalPattern.Gamma(2), new Random(11));
        var gammaGaps = gamma.Zip(gamma.Skip(1), (a, b) => b - a).ToArray();
        Assert.InRange(gammaGaps.Average(), 0.018, 0.022);
        var gammaCv = Math.Sqrt(gammaGaps.Select(g => (g - gammaGaps.Average()) * (g - gammaGaps.Average())).Average()) / gammaGaps.Average();
        Assert.InRange(gammaCv, 1.8, 2.2);

        Assert.Equal([0, 0.25, 0.5, 0.75], ArrivalGaps.Offsets(4, 4, ArrivalPattern.Constant, new Random(1)));
    }

    [Property(MaxTest = 200)]
    public Property LengthSampler_StaysInBounds_Meets_Specification()
        => Prop.ForAll(Gen.Choose(1, 5000).ToArbitrary(), Gen.Choose(0, 2000).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (mean, sd, seed) =>
        {
            var random = new Random(seed);
            var normal = TokenDistribution.Normal(mean, sd);
            var lognormal = TokenDistribution.LogNormal(mean, sd);
            return Enumerable.Range(0, 20).All(_ =>
            {
                var a = Compass.Planning.Simulation.TokenSampler.Sample(normal, random);
                var b = Compass.Planning.Simulation.TokenSampler.Sample(lognormal, random);
                return a >= normal.Min && a <= normal.Max && b >= lognormal.Min && b <= lognormal.Max && a >= 1 && b >= 1;
            });
        });

    [Fact]
    public void PromptText_IsAboutTheRequestedTokens_AndUniquePerRequest()
    {
        var text = PromptText.Build(7, 100, new Random(1));
        Assert.StartsWith("Request 7:", text, StringComparison.Ordinal);
        Assert.Equal(100 - 3 + 2, text.Split(' ').Length);
        Assert.NotEqual(PromptText.Build(8, 100, new Random(1))[..12], text[..12]);
    }
}
