namespace Compass.Postgres.Imports;

/// <summary>What an import wrote.</summary>
/// <param name="ImportId">The id of the row in the <c>imports</c> table, or <see langword="null"/> when the content had been imported before.</param>
/// <param name="Format">The layout the file was read as.</param>
/// <param name="FileName">The file's name, as given.</param>
/// <param name="Runs">The benchmark runs added (runs already in the knowledge base are not counted).</param>
/// <param name="Points">The benchmark points added (points already in the knowledge base are not counted).</param>
/// <param name="Prices">The prices added.</param>
/// <param name="AlreadyImported">Whether the same content of the same layout had been imported before, so nothing was written.</param>
/// <param name="Notes">What the import assumed or skipped, for people.</param>
public sealed record ImportResult(Guid? ImportId, ImportFormat Format, string FileName, int Runs, int Points, int Prices, bool AlreadyImported, IReadOnlyList<string> Notes)
{
    /// <summary>Gets the notes an <see cref="ImportOptions"/> property would resolve, each with that property, so that hosts can name it their own way.</summary>
    public IReadOnlyList<ImportHint> Hints { get; init; } = [];
}
