namespace Compass.Postgres.Imports;

/// <summary>Everything read from one file, validated, before anything is written.</summary>
internal sealed class ParsedFile
{
    public Dictionary<string, RunRow> Runs { get; } = new(StringComparer.Ordinal);

    public List<PointRow> Points { get; } = [];

    public List<PriceRow> Prices { get; } = [];

    public List<string> Notes { get; } = [];

    public List<ImportHint> Hints { get; } = [];
}
