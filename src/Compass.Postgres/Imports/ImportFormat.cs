namespace Compass.Postgres.Imports;

/// <summary>The layouts <see cref="BenchmarkImporter"/> reads (see <c>docs/knowledge-base.md</c>).</summary>
public enum ImportFormat
{
    /// <summary>Recognise the layout from the file's first bytes and its name (<see cref="BenchmarkImporter.Detect"/>).</summary>
    Auto,

    /// <summary>The upstream BLIS benchmark table (<c>benchmarks_BLIS.json</c>): every row, simulated.</summary>
    Blis,

    /// <summary>A GuideLLM benchmark report (current layout with <c>config.strategy</c>, or the older one with <c>args.strategy</c>).</summary>
    GuideLlm,

    /// <summary>The JSON of <c>vllm bench serve --save-result</c> (one result, or one per line with <c>--append-result</c>).</summary>
    VllmBench,

    /// <summary>The report of <c>compass loadtest --out</c> (GuideLLM's layout with a <c>compass</c> object).</summary>
    CompassLoadTest,

    /// <summary>Benchmark points as CSV, one point per row, with a header of documented column names.</summary>
    PointsCsv,

    /// <summary>GPU rental prices as CSV, one price per row, with a header of documented column names.</summary>
    PricesCsv,
}
