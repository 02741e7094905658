using System.Collections.Immutable;

namespace Compass.Observability.Prometheus;

/// <summary>A metric family: its name, type, help text and samples (for a histogram, its <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series).</summary>
/// <param name="Name">The family name.</param>
/// <param name="Type">The type.</param>
/// <param name="Help">The help text, unescaped; null without a <c># HELP</c> line.</param>
/// <param name="Samples">The samples, in the order read.</param>
public sealed record PrometheusFamily(string Name, PrometheusMetricType Type, string? Help, ImmutableArray<PrometheusSample> Samples);
