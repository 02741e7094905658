using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Compass.Observability.Prometheus;

/// <summary>
/// One reading of a Prometheus endpoint: its metric families, in the order read. Parse text with <see cref="Parse"/>,
/// write it back with <see cref="ToText"/>, and read histograms with <see cref="Histograms"/> or <see cref="Histogram"/>.
/// </summary>
public sealed record PrometheusSnapshot
{
    /// <summary>Initializes a new instance of the <see cref="PrometheusSnapshot"/> class.</summary>
    /// <param name="families">The families.</param>
    public PrometheusSnapshot(ImmutableArray<PrometheusFamily> families) => Families = families;

    /// <summary>Gets the metric families.</summary>
    public ImmutableArray<PrometheusFamily> Families { get; }

    /// <summary>Parses Prometheus text exposition format.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="PrometheusFormatException">The text is malformed; the message names the line.</exception>
    public static PrometheusSnapshot Parse(string text) => PrometheusTextParser.Parse(text);

    /// <summary>Gets a family by name, or null.</summary>
    /// <param name="name">The family name.</param>
    /// <returns>The family, or null.</returns>
    public PrometheusFamily? Family(string name) => Families.FirstOrDefault(f => f.Name == name);

    /// <summary>Gets the value of a counter or gauge summed over its series that match <paramref name="filter"/>, or null when absent.</summary>
    /// <param name="name">The family (or series) name.</param>
    /// <param name="filter">Labels the series must have; null for all.</param>
    /// <returns>The sum, or null.</returns>
    public double? Value(string name, IReadOnlyDictionary<string, string>? filter = null)
    {
        var samples = Families.SelectMany(f => f.Samples).Where(s => s.Name == name && s.Matches(filter)).ToArray();
        return samples.Length == 0 ? null : samples.Sum(s => s.Value);
    }

    /// <summary>Gets each series of a histogram family, grouped by its labels other than <c>le</c>.</summary>
    /// <param name="name">The family name, e.g. <c>vllm:time_to_first_token_seconds</c>.</param>
    /// <returns>The series; empty when the family is absent.</returns>
    /// <exception cref="PrometheusFormatException">A bucket has no <c>le</c> label, or its bound is not a number.</exception>
    public IReadOnlyList<PrometheusHistogram> Histograms(string name)
    {
        var family = Family(name);
        if (family is null)
        {
            return [];
        }

        static ImmutableSortedDictionary<string, string> Key(PrometheusSample s) => s.Labels.Remove("le");
        var series = new Dictionary<string, (ImmutableSortedDictionary<string, string> Labels, List<HistogramBucket> Buckets, double Sum, double Count)>(StringComparer.Ordinal);
        foreach (var sample in family.Samples)
        {
            var labels = Key(sample);
            var id = string.Join(",", labels.Select(l => l.Key + "=" + l.Value));
            if (!series.TryGetValue(id, out var entry))
            {
                entry = (labels, [], 0, 0);
            }

            if (sample.Name == name + "_bucket")
            {
                var le = sample.Label("le") ?? throw new PrometheusFormatException($"A bucket of {name} has no 'le' label.");
                entry.Buckets.Add(new HistogramBucket(PrometheusTextParser.ParseValue(le, 0), sample.Value));
            }
            else if (sample.Name == name + "_sum")
            {
                entry.Sum = sample.Value;
            }
            else if (sample.Name == name + "_count")
            {
                entry.Count = sample.Value;
            }

            series[id] = entry;
        }

        return [.. series.Values.Where(s => s.Buckets.Count > 0).Select(s => new PrometheusHistogram(name, s.Labels, s.Buckets, s.Sum, s.Count))];
    }

    /// <summary>Gets a histogram family merged over its series that match <paramref name="filter"/>, or null when none does.</summary>
    /// <param name="name">The family name.</param>
    /// <param name="filter">Labels the series must have; null for all.</param>
    /// <returns>The merged histogram, or null.</returns>
    public PrometheusHistogram? Histogram(string name, IReadOnlyDictionary<string, string>? filter = null)
    {
        PrometheusHistogram? merged = null;
        foreach (var series in Histograms(name).Where(h => filter is null || filter.All(f => h.Labels.TryGetValue(f.Key, out var v) && v == f.Value)))
        {
            merged = merged is null ? series : merged.Plus(series);
        }

        return merged;
    }

    /// <summary>Writes the snapshot as Prometheus text exposition format (parsing the result gives an equal snapshot).</summary>
    /// <returns>The text.</returns>
    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var family in Families)
        {
            if (family.Help is not null)
            {
                text.Append("# HELP ").Append(family.Name).Append(' ')
                    .Append(family.Help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
            }

            if (family.Type != PrometheusMetricType.Untyped)
            {
                text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type.ToString().ToLowerInvariant()).Append('\n');
            }

            foreach (var sample in family.Samples)
            {
                text.Append(sample.Name);
                if (!sample.Labels.IsEmpty)
                {
                    text.Append('{').AppendJoin(',', sample.Labels.Select(l => l.Key + "=\"" + EscapeLabel(l.Value) + "\"")).Append('}');
                }

                text.Append(' ').Append(FormatValue(sample.Value));
                if (sample.TimestampMs is { } ts)
                {
                    text.Append(' ').Append(ts.ToString(CultureInfo.InvariantCulture));
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Gets whether both snapshots hold the same families and samples (NaN values compare equal).</summary>
    /// <param name="other">The other snapshot.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(PrometheusSnapshot? other)
        => other is not null && Families.Length == other.Families.Length && Families.Zip(other.Families).All(p =>
            p.First.Name == p.Second.Name && p.First.Type == p.Second.Type && p.First.Help == p.Second.Help
            && p.First.Samples.Length == p.Second.Samples.Length && p.First.Samples.Zip(p.Second.Samples).All(s =>
                s.First.Name == s.Second.Name && s.First.Labels.SequenceEqual(s.Second.Labels) && s.First.Value.Equals(s.Second.Value)
                && s.First.TimestampMs == s.Second.TimestampMs));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Families.Length, Families.IsEmpty ? null : Families[0].Name);

    private static string EscapeLabel(string value)
        => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
