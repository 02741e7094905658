namespace Compass.Observability.Prometheus;

/// <summary>A metric family's type, from its <c># TYPE</c> line.</summary>
public enum PrometheusMetricType
{
    /// <summary>No <c># TYPE</c> line, or <c>untyped</c>.</summary>
    Untyped,

    /// <summary>A monotonically increasing count.</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Cumulative buckets (<c>_bucket{le="…"}</c>), <c>_sum</c> and <c>_count</c>.</summary>
    Histogram,

    /// <summary>Client-side quantiles (<c>{quantile="…"}</c>), <c>_sum</c> and <c>_count</c>.</summary>
    Summary,
}
