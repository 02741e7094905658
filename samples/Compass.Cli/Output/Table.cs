namespace Compass.Cli.Output;

/// <summary>
/// A plain-text table with left- or right-aligned columns. It can fit a width: the column marked as shrinkable is cut
/// short first (with '…'), then optional columns are left out, lowest priority first. It also writes Markdown and CSV.
/// </summary>
internal sealed class Table
{
    private readonly Column[] _columns;
    private readonly List<string[]> _rows = [];

    public Table(params (string Header, bool RightAligned)[] columns)
        => _columns = [.. columns.Select(c => new Column(c.Header, c.RightAligned))];

    public Table(params Column[] columns) => _columns = columns;

    public void Add(params string[] cells)
    {
        if (cells.Length != _columns.Length)
        {
            throw new ArgumentException($"Expected {_columns.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Writes the table; with a width, fits it or returns false (writing nothing) when it cannot.</summary>
    public bool Write(TextWriter writer, string indent = "", int? width = null)
    {
        var shown = Enumerable.Range(0, _columns.Length).ToList();
        var widths = _columns.Select((c, i) => Math.Max(c.Header.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        int Total() => indent.Length + shown.Sum(i => widths[i]) + (2 * (shown.Count - 1));
        if (width is { } limit)
        {
            while (Total() > limit)
            {
                var shrinkable = shown.FirstOrDefault(i => _columns[i].MinWidth is { } min && widths[i] > Math.Max(min, _columns[i].Header.Length), -1);
                if (shrinkable >= 0)
                {
                    widths[shrinkable] = Math.Max(Math.Max(_columns[shrinkable].MinWidth!.Value, _columns[shrinkable].Header.Length), widths[shrinkable] - (Total() - limit));
                    continue;
                }

                var droppable = shown.Where(i => _columns[i].DropPriority > 0).OrderBy(i => _columns[i].DropPriority).FirstOrDefault(-1);
                if (droppable < 0)
                {
                    return false;
                }

                shown.Remove(droppable);
            }
        }

        string Cell(string text, int i) => text.Length > widths[i] ? text[..(widths[i] - 1)] + "…" : text;
        string Line(IReadOnlyList<string> cells) => indent + string.Join("  ", shown.Select(i =>
            _columns[i].RightAligned ? Cell(cells[i], i).PadLeft(widths[i]) : Cell(cells[i], i).PadRight(widths[i]))).TrimEnd();
        writer.WriteLine(Line(_columns.Select(c => c.Header).ToArray()));
        writer.WriteLine(indent + string.Join("  ", shown.Select(i => new string('-', widths[i]))));
        foreach (var row in _rows)
        {
            writer.WriteLine(Line(row));
        }

        return true;
    }

    /// <summary>Writes a GitHub-flavoured Markdown table.</summary>
    public void WriteMarkdown(TextWriter writer)
    {
        static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
        writer.WriteLine("| " + string.Join(" | ", _columns.Select(c => Escape(c.Header))) + " |");
        writer.WriteLine("|" + string.Join("|", _columns.Select(c => c.RightAligned ? "---:" : "---")) + "|");
        foreach (var row in _rows)
        {
            writer.WriteLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        }
    }

    /// <summary>Writes CSV (RFC 4180): a header line, then one line per row, fields quoted where needed.</summary>
    public void WriteCsv(TextWriter writer)
    {
        writer.WriteLine(string.Join(",", _columns.Select(c => CsvField(c.Header))));
        foreach (var row in _rows)
        {
            writer.WriteLine(string.Join(",", row.Select(CsvField)));
        }
    }

    private static string CsvField(string value)
        => value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>A column: its header, alignment, the width it may be cut down to (null: never cut), and when it may be left out (0: never; 1 first).</summary>
    internal sealed record Column(string Header, bool RightAligned, int? MinWidth = null, int DropPriority = 0);
}
