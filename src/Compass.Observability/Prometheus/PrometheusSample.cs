using System.Collections.Immutable;

namespace Compass.Observability.Prometheus;

/// <summary>One sample line: a series name, its labels (sorted by name), a value and an optional timestamp.</summary>
/// <param name="Name">The series name, e.g. <c>vllm:e2e_request_latency_seconds_bucket</c>.</param>
/// <param name="Labels">The labels, unescaped.</param>
/// <param name="Value">The value (may be ±Inf or NaN).</param>
/// <param name="TimestampMs">The timestamp in ms since the epoch, when given.</param>
public sealed record PrometheusSample(string Name, ImmutableSortedDictionary<string, string> Labels, double Value, long? TimestampMs = null)
{
    /// <summary>Gets a label's value, or null.</summary>
    /// <param name="name">The label name.</param>
    /// <returns>The value, or null when the sample has no such label.</returns>
    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;

    /// <summary>Gets whether every label in <paramref name="filter"/> has the given value on this sample.</summary>
    /// <param name="filter">Label names and values; null or empty matches every sample.</param>
    /// <returns>True when the sample matches.</returns>
    public bool Matches(IReadOnlyDictionary<string, string>? filter)
        => filter is null || filter.All(f => Labels.TryGetValue(f.Key, out var v) && v == f.Value);
}
