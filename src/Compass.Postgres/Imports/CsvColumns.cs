using System.Globalization;

namespace Compass.Postgres.Imports;

/// <summary>The header of a CSV file: which documented column sits where; unknown and missing columns are errors.</summary>
internal sealed class CsvColumns
{
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _fileName;

    public CsvColumns(IReadOnlyList<string> header, int line, string fileName, IReadOnlyCollection<string> known, IReadOnlyCollection<string> required)
    {
        _fileName = fileName;
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new ImportException(fileName, line, name, $"unknown column. The columns are: {string.Join(", ", known)} (see docs/knowledge-base.md).");
            }

            if (!_index.TryAdd(name, i))
            {
                throw new ImportException(fileName, line, name, "the column appears twice; keep one.");
            }
        }

        foreach (var column in required)
        {
            if (!_index.ContainsKey(column))
            {
                throw new ImportException(fileName, line, column, "this required column is missing from the header.");
            }
        }

        Count = header.Count;
    }

    public int Count { get; }

    public bool Has(string column) => _index.ContainsKey(column);

    /// <summary>A column's position, looked up once per file rather than once per row; -1 when the header lacks it.</summary>
    public CsvColumn this[string column] => new(column, _index.TryGetValue(column, out var i) ? i : -1);

    public string? Text(List<string> fields, string column) => Text(fields, this[column]);

    public double? Number(List<string> fields, string column, int row) => Number(fields, this[column], row);

    public static string? Text(List<string> fields, CsvColumn column)
        => column.Index >= 0 && column.Index < fields.Count && fields[column.Index].Trim() is { Length: > 0 } value ? value : null;

    public double? Number(List<string> fields, CsvColumn column, int row)
    {
        if (Text(fields, column) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new ImportException(_fileName, row, column.Name, $"'{text}' is not a number. Write numbers with a dot as the decimal separator and no thousands separator (e.g. 1234.5).");
    }

    public void CheckWidth(List<string> fields, int row)
    {
        if (fields.Count != Count)
        {
            throw new ImportException(_fileName, row, null, FormattableString.Invariant($"the row has {fields.Count} fields but the header has {Count}. Quote fields that contain commas."));
        }
    }
}

/// <summary>A column of a CSV header: its name and position (-1 when absent).</summary>
internal readonly record struct CsvColumn(string Name, int Index);
