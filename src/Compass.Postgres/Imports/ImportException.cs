namespace Compass.Postgres.Imports;

/// <summary>
/// A file cannot be imported; nothing of it was written. The message reads
/// <c>&lt;file&gt;, row N, field 'x': what is wrong and how to fix it</c>, where a row is a line of a CSV file (the header
/// is line 1) or the 1-based position in a JSON file's list of results, and a field is a column or JSON property.
/// </summary>
public sealed class ImportException : CompassDatabaseException
{
    /// <summary>Initializes a new instance.</summary>
    public ImportException()
    {
        FileName = string.Empty;
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    public ImportException(string message)
        : base(message)
    {
        FileName = string.Empty;
    }

    /// <summary>Initializes a new instance with a message and its cause.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public ImportException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = string.Empty;
    }

    /// <summary>Initializes a new instance for a place in a file.</summary>
    /// <param name="fileName">The file.</param>
    /// <param name="row">The row, if the problem is in one.</param>
    /// <param name="field">The field, if the problem is in one.</param>
    /// <param name="problem">What is wrong and how to fix it.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ImportException(string fileName, int? row, string? field, string problem, Exception? innerException = null)
        : base(Describe(fileName, row, field, problem), innerException!)
    {
        FileName = fileName ?? string.Empty;
        Row = row;
        Field = field;
    }

    /// <summary>Gets the file's name.</summary>
    public string FileName { get; }

    /// <summary>Gets the row (a CSV line number, or the 1-based position in a JSON list), when the problem is in one.</summary>
    public int? Row { get; }

    /// <summary>Gets the column or JSON property, when the problem is in one.</summary>
    public string? Field { get; }

    /// <summary>
    /// Gets the <see cref="ImportOptions"/> property that gave the bad value or that can supply the missing one (e.g.
    /// <c>Model</c>), when one does; hosts name it their own way (the CLI as its flag). Null when no option helps.
    /// </summary>
    public string? Option { get; init; }

    private static string Describe(string fileName, int? row, string? field, string problem)
    {
        var where = fileName ?? string.Empty;
        if (row is { } r)
        {
            where += FormattableString.Invariant($", row {r}");
        }

        if (field is not null)
        {
            where += $", field '{field}'";
        }

        return $"{where}: {problem}";
    }
}
