namespace Compass.Postgres.Imports;

/// <summary>The names of the import layouts, as <c>--format</c> takes them and the <c>imports</c> table's <c>kind</c> stores them.</summary>
public static class ImportFormats
{
    /// <summary>Gets the names, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "blis", "guidellm", "vllm-bench", "compass-loadtest", "points-csv", "prices-csv"];

    /// <summary>Gets a layout's name (<c>vllm-bench</c> for <see cref="ImportFormat.VllmBench"/>).</summary>
    /// <param name="format">The layout.</param>
    /// <returns>The name.</returns>
    public static string Name(ImportFormat format) => format switch
    {
        ImportFormat.Blis => "blis",
        ImportFormat.GuideLlm => "guidellm",
        ImportFormat.VllmBench => "vllm-bench",
        ImportFormat.CompassLoadTest => "compass-loadtest",
        ImportFormat.PointsCsv => "points-csv",
        ImportFormat.PricesCsv => "prices-csv",
        _ => "auto",
    };

    /// <summary>Parses a layout's name; case, <c>-</c>, <c>_</c> and spaces do not matter (<c>GuideLLM</c>, <c>vllm_bench</c>, <c>PointsCsv</c>).</summary>
    /// <param name="text">The name.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="FormatException">The name is not one of <see cref="Names"/>; the message lists them.</exception>
    public static ImportFormat Parse(string text)
    {
        var key = new string((text ?? string.Empty).Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return key switch
        {
            "auto" => ImportFormat.Auto,
            "blis" => ImportFormat.Blis,
            "guidellm" => ImportFormat.GuideLlm,
            "vllmbench" or "vllmbenchserve" or "vllm" => ImportFormat.VllmBench,
            "compassloadtest" or "loadtest" or "compass" => ImportFormat.CompassLoadTest,
            "pointscsv" or "points" or "csv" => ImportFormat.PointsCsv,
            "pricescsv" or "prices" => ImportFormat.PricesCsv,
            _ => throw new FormatException($"Unknown import format '{text}'. Use one of: {string.Join(", ", Names)}."),
        };
    }
}
