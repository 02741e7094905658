using System.Collections.Immutable;
using Compass.Observability.Prometheus;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compass.Observability.Tests.Prometheus;

public sealed class PrometheusParserTests
{
    private const string Vllm = """
        # HELP vllm:num_requests_running Number of requests in model execution batches.
        # TYPE vllm:num_requests_running gauge
        vllm:num_requests_running{engine="0",model_name="llama"} 3.0
        # HELP vllm:prompt_tokens_total Number of prefill tokens processed.
        # TYPE vllm:prompt_tokens_total counter
        vllm:prompt_tokens_total{engine="0",model_name="llama"} 12345.0
        # HELP vllm:e2e_request_latency_seconds Histogram of e2e request latency in seconds.
        # TYPE vllm:e2e_request_latency_seconds histogram
        vllm:e2e_request_latency_seconds_bucket{engine="0",le="0.5",model_name="llama"} 10.0
        vllm:e2e_request_latency_seconds_bucket{engine="0",le="1.0",model_name="llama"} 30.0
        vllm:e2e_request_latency_seconds_bucket{engine="0",le="2.0",model_name="llama"} 90.0
        vllm:e2e_request_latency_seconds_bucket{engine="0",le="+Inf",model_name="llama"} 100.0
        vllm:e2e_request_latency_seconds_count{engine="0",model_name="llama"} 100.0
        vllm:e2e_request_latency_seconds_sum{engine="0",model_name="llama"} 123.5
        """;

    [Fact]
    public void Parse_VllmText_CountersGaugesHistograms()
    {
        var snapshot = PrometheusSnapshot.Parse(Vllm);

        Assert.Equal(["vllm:num_requests_running", "vllm:prompt_tokens_total", "vllm:e2e_request_latency_seconds"], snapshot.Families.Select(f => f.Name));
        Assert.Equal(PrometheusMetricType.Gauge, snapshot.Family("vllm:num_requests_running")!.Type);
        Assert.Equal(PrometheusMetricType.Counter, snapshot.Family("vllm:prompt_tokens_total")!.Type);
        Assert.Equal("Number of prefill tokens processed.", snapshot.Family("vllm:prompt_tokens_total")!.Help);
        Assert.Equal(12345, snapshot.Value("vllm:prompt_tokens_total"));
        Assert.Equal(3, snapshot.Value("vllm:num_requests_running", new Dictionary<string, string> { ["model_name"] = "llama" }));
        Assert.Null(snapshot.Value("vllm:num_requests_running", new Dictionary<string, string> { ["model_name"] = "other" }));

        var h = snapshot.Histogram("vllm:e2e_request_latency_seconds")!;
        Assert.Equal(100, h.Count);
        Assert.Equal(123.5, h.Sum);
        Assert.Equal(1.235, h.Mean, 9);
        Assert.Equal([0.5, 1.0, 2.0, double.PositiveInfinity], h.Buckets.Select(b => b.UpperBound));
        Assert.Equal("llama", h.Labels["model_name"]);
        Assert.False(h.Labels.ContainsKey("le"));
    }

    [Theory]
    [InlineData(0.05, 0.25)]  // rank 5 of 10 in [0, 0.5]
    [InlineData(0.20, 0.75)]  // rank 20: 10 below, 10 of 20 into (0.5, 1]
    [InlineData(0.50, 1.333333333)] // rank 50: 20 of 60 into (1, 2]
    [InlineData(0.90, 2.0)]
    [InlineData(0.95, 2.0)]   // in the +Inf bucket: the largest finite bound
    public void Quantile_InterpolatesLinearlyInsideTheBucket(double q, double expected)
        => Assert.Equal(expected, PrometheusSnapshot.Parse(Vllm).Histogram("vllm:e2e_request_latency_seconds")!.Quantile(q), 6);

    [Fact]
    public void Minus_IsTheDeltaOverARun_AndMergeAddsSeries()
    {
        var before = PrometheusSnapshot.Parse(Vllm).Histogram("vllm:e2e_request_latency_seconds")!;
        var after = PrometheusSnapshot.Parse(Vllm.Replace("} 90.0", "} 130.0", StringComparison.Ordinal).Replace("} 100.0", "} 140.0", StringComparison.Ordinal).Replace("123.5", "183.5", StringComparison.Ordinal))
            .Histogram("vllm:e2e_request_latency_seconds")!;

        var delta = after.Minus(before);
        Assert.Equal(40, delta.Count);
        Assert.Equal(60, delta.Sum, 9);
        Assert.Equal([0.0, 0.0, 40.0, 40.0], delta.Buckets.Select(b => b.CumulativeCount));
        Assert.Equal(1.5, delta.Quantile(0.5), 9);
        Assert.Same(before, before.Minus(after)); // a counter reset: the later reading as it is

        var merged = before.Plus(before);
        Assert.Equal(200, merged.Count);
        Assert.Equal(before.Quantile(0.5), merged.Quantile(0.5), 9);
    }

    [Fact]
    public void Histograms_AreGroupedBySeries_AndFiltered()
    {
        var text = Vllm + "\n" + string.Join('\n', Vllm.Split('\n').Where(l => l.StartsWith("vllm:e2e", StringComparison.Ordinal)).Select(l => l.Replace("llama", "qwen", StringComparison.Ordinal)));
        var snapshot = PrometheusSnapshot.Parse(text);
        Assert.Equal(2, snapshot.Histograms("vllm:e2e_request_latency_seconds").Count);
        Assert.Equal(200, snapshot.Histogram("vllm:e2e_request_latency_seconds")!.Count);
        Assert.Equal(100, snapshot.Histogram("vllm:e2e_request_latency_seconds", new Dictionary<string, string> { ["model_name"] = "qwen" })!.Count);
        Assert.Null(snapshot.Histogram("vllm:missing"));
        Assert.Empty(snapshot.Histograms("vllm:missing"));
    }

    [Fact]
    public void Escapes_InLabelsAndHelp_AreUnescaped_AndWrittenBack()
    {
        const string Text = "# HELP m A \\\\ backslash\\nand a newline\n# TYPE m untyped\nm{path=\"C:\\\\x\",quote=\"say \\\"hi\\\"\",nl=\"a\\nb\"} -Inf 1700000000000\nm{path=\"y\"} NaN\n";
        var snapshot = PrometheusSnapshot.Parse(Text);
        var family = snapshot.Family("m")!;
        Assert.Equal("A \\ backslash\nand a newline", family.Help);
        var sample = family.Samples[0];
        Assert.Equal("C:\\x", sample.Label("path"));
        Assert.Equal("say \"hi\"", sample.Label("quote"));
        Assert.Equal("a\nb", sample.Label("nl"));
        Assert.Equal(double.NegativeInfinity, sample.Value);
        Assert.Equal(1700000000000, sample.TimestampMs);
        Assert.True(double.IsNaN(family.Samples[1].Value));
        Assert.Equal(snapshot, PrometheusSnapshot.Parse(snapshot.ToText()));
    }

    [Fact]
    public void Comments_BlankLinesAndSpacing_AreTolerated()
    {
        var snapshot = PrometheusSnapshot.Parse("# a comment\n\n  up 1\r\nm{ a=\"1\" , b=\"2\" ,} 2\n");
        Assert.Equal(1, snapshot.Value("up"));
        Assert.Equal("2", snapshot.Family("m")!.Samples[0].Label("b"));
    }

    [Theory]
    [InlineData("m{a=\"1\" 2", "line 1")]
    [InlineData("ok 1\nm{a=1} 2", "line 2")]
    [InlineData("m{a=\"x\\q\"} 1", "not an escape")]
    [InlineData("m abc", "'abc' is not a number")]
    [InlineData("m 1 2 3", "expected a value")]
    [InlineData("m", "expected a value")]
    [InlineData("m 1 tomorrow", "not a timestamp")]
    [InlineData("{a=\"1\"} 2", "expected a metric name")]
    [InlineData("# TYPE m histo", "not a metric type")]
    [InlineData("# TYPE m counter\n# TYPE m gauge", "second # TYPE")]
    [InlineData("# TYPE 9m counter", "not a metric name")]
    [InlineData("m{a=\"1\",a=\"2\"} 1", "given twice")]
    [InlineData("m{a=\"1", "not closed")]
    [InlineData("m{a=\"1\"", "expected ',' or '}'")]
    public void Malformed_ThrowsWithTheLine(string text, string expected)
    {
        var ex = Assert.Throws<PrometheusFormatException>(() => PrometheusSnapshot.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_WithDecreasingBuckets_IsRejected()
        => Assert.Throws<ArgumentException>(() => PrometheusSnapshot.Parse("# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_bucket{le=\"2\"} 3\nh_count 3\n").Histogram("h"));

    private static Gen<T[]> Between<T>(Gen<T> gen, int min, int max) => Gen.Choose(min, max).SelectMany(n => gen.ListOf(n)).Select(l => l.ToArray());

    [Property(MaxTest = 200)]
    public Property Text_RoundTrips_Meets_Specification()
    {
        var names = Gen.Elements("up", "vllm:num_requests_waiting", "http_requests_total", "a_b:c");
        var labelValues = Gen.Elements("", "x", "with space", "quote\"d", "back\\slash", "new\nline", "ünï", "{}=,");
        var labels = Between(Gen.Zip(Gen.Elements("a", "model_name", "le_x", "_z"), labelValues), 0, 3)
            .Select(l => l.GroupBy(p => p.Item1).ToImmutableSortedDictionary(g => g.Key, g => g.First().Item2, StringComparer.Ordinal));
        var values = Gen.OneOf(Gen.Choose(-1000, 1000).Select(i => i / 7.0), Gen.Elements(double.PositiveInfinity, double.NegativeInfinity, double.NaN, 0.0, 1e-300, 1.7e308));
        var families = Between(Gen.Zip(Gen.Zip(names, Gen.Elements(PrometheusMetricType.Counter, PrometheusMetricType.Gauge, PrometheusMetricType.Untyped)), Between(Gen.Zip(labels, values), 1, 4)).Select(x => (Item1: x.Item1.Item1, Item2: x.Item1.Item2, Item3: x.Item2)), 1, 3)
            .Select(fs => new PrometheusSnapshot([.. fs.GroupBy(f => f.Item1).Select(g => g.First()).Select(f => new PrometheusFamily(
                f.Item1, f.Item2, "help for " + f.Item1, [.. f.Item3.Select(s => new PrometheusSample(f.Item1, s.Item1, s.Item2))]))]));
        return Prop.ForAll(families.ToArbitrary(), snapshot => snapshot.Equals(PrometheusSnapshot.Parse(snapshot.ToText())));
    }

    [Property(MaxTest = 300)]
    public Property Quantile_IsMonotoneAndWithinTheFiniteBounds_Meets_Specification()
    {
        var counts = Between(Gen.Choose(0, 50), 2, 8);
        return Prop.ForAll(counts.ToArbitrary(), Gen.Choose(0, 100).ToArbitrary(), Gen.Choose(0, 100).ToArbitrary(), (perBucket, a, b) =>
        {
            var cumulative = 0.0;
            var buckets = perBucket.Select((c, i) => new HistogramBucket(i == perBucket.Length - 1 ? double.PositiveInfinity : (i + 1) * 0.25, cumulative += c)).ToArray();
            var h = new PrometheusHistogram("h", ImmutableSortedDictionary<string, string>.Empty, buckets, 0, cumulative);
            if (cumulative == 0)
            {
                return double.IsNaN(h.Quantile(0.5));
            }

            var (lo, hi) = (Math.Min(a, b) / 100.0, Math.Max(a, b) / 100.0);
            var (qLo, qHi) = (h.Quantile(lo), h.Quantile(hi));
            var maxFinite = buckets[^2].UpperBound;
            return (double.IsNaN(qLo) || double.IsNaN(qHi) || qLo <= qHi + 1e-12) && (double.IsNaN(qHi) || (qHi >= 0 && qHi <= maxFinite));
        });
    }
}
