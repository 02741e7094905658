namespace Compass.Cli.Output;

/// <summary>A plain-text table with left- or right-aligned columns.</summary>
internal sealed class Table(params (string Header, bool RightAligned)[] columns)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"Expected {columns.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void Write(TextWriter writer, string indent = "")
    {
        var widths = columns.Select((c, i) => Math.Max(c.Header.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) => indent + string.Join("  ", cells.Select((cell, i) =>
            columns[i].RightAligned ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd();
        writer.WriteLine(Line(columns.Select(c => c.Header).ToArray()));
        writer.WriteLine(indent + string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            writer.WriteLine(Line(row));
        }
    }
}
