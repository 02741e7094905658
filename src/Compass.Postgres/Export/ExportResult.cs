using System.Collections.Immutable;

namespace Compass.Postgres.Export;

/// <summary>What an export wrote.</summary>
/// <param name="Directory">The folder.</param>
/// <param name="Files">The files written, with how many records each holds.</param>
public sealed record ExportResult(string Directory, ImmutableArray<(string File, int Records)> Files);
