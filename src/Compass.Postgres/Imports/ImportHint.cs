namespace Compass.Postgres.Imports;

/// <summary>
/// A note on an import that the caller can act on by setting one of the <see cref="ImportOptions"/>: hosts render it
/// in their own terms (a command-line flag, a form field) next to <see cref="Note"/>.
/// </summary>
/// <param name="Option">The <see cref="ImportOptions"/> property to set, e.g. <c>EngineVersion</c>.</param>
/// <param name="Note">The note, as it appears in <see cref="ImportResult.Notes"/>.</param>
public sealed record ImportHint(string Option, string Note);
