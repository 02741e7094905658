using System.Text;
using Compass.Postgres.Imports;
using Compass.Testing;
using Npgsql;
using static Compass.Postgres.Tests.Imports.ImportFixture;

namespace Compass.Postgres.Tests.Imports;

/// <summary>Re-imports write nothing, concurrent imports of one file write one set of rows, and a lost connection leaves nothing half-written.</summary>
public sealed class ImportIdempotencyTests
{
    [PostgresFact]
    public async Task Reimport_SameContent_EvenUnderAnotherName_WritesNothing()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var importer = Importer(database);
        var first = await importer.ImportFileAsync(PathOf("points.csv"), new ImportOptions());
        var before = await SnapshotAsync(database);

        var again = await importer.ImportFileAsync(PathOf("points.csv"), new ImportOptions());
        await using var renamed = File.OpenRead(PathOf("points.csv"));
        var copy = await importer.ImportAsync(renamed, "copy-of-points.csv", new ImportOptions());

        Assert.False(first.AlreadyImported);
        Assert.All([again, copy], r => Assert.Equal((true, (Guid?)null, 0, 0), (r.AlreadyImported, r.ImportId, r.Runs, r.Points)));
        Assert.Contains(again.Notes, n => n.Contains($"imported before (import {first.ImportId}, points.csv", StringComparison.Ordinal));
        Assert.Equal(before, await SnapshotAsync(database));
        Assert.Equal(1, await CountAsync(database, "imports"));
    }

    [PostgresFact]
    public async Task AnotherFile_WithTheSameRuns_AddsOnlyItsNewPoints()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var importer = Importer(database);
        var lines = (await File.ReadAllLinesAsync(PathOf("points.csv"))).ToList();
        await importer.ImportFileAsync(PathOf("points.csv"), new ImportOptions());
        var more = string.Join('\n', [lines[0], lines[2], lines[1].Replace(",1,,0.99,", ",2,,1.98,", StringComparison.Ordinal)]);

        var result = await ImportTextAsync(importer, more, "more.csv");

        Assert.Equal((0, 1, false), (result.Runs, result.Points, result.AlreadyImported));
        Assert.Contains(result.Notes, n => n.Contains("1 run(s), 1 point(s)", StringComparison.Ordinal));
        Assert.Equal(5, await CountAsync(database, "benchmark_points"));
        Assert.Equal(3, await CountAsync(database, "benchmark_runs"));
        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync(database, "select rows_written from imports where file_name = 'more.csv'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [PostgresFact]
    public async Task ConcurrentImports_OfOneFile_WriteExactlyOneSetOfRows()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var importer = Importer(database);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => importer.ImportFileAsync(PathOf("points.csv"), new ImportOptions()))));

        var written = Assert.Single(results, r => !r.AlreadyImported);
        Assert.Equal((3, 4), (written.Runs, written.Points));
        Assert.Equal(3, results.Count(r => r.AlreadyImported && r.Runs == 0 && r.Points == 0));
        Assert.Equal(1, await CountAsync(database, "imports"));
        Assert.Equal(3, await CountAsync(database, "benchmark_runs"));
        Assert.Equal(4, await CountAsync(database, "benchmark_points"));
    }

    [PostgresFact]
    public async Task ConcurrentImports_OfFilesSharingRows_MergeIntoOneSetOfRows()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var importer = Importer(database);
        var lines = await File.ReadAllLinesAsync(PathOf("points.csv"));
        var reversed = string.Join('\n', [lines[0], .. lines.Skip(1).Reverse()]);
        var original = await File.ReadAllTextAsync(PathOf("points.csv"));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => ImportTextAsync(importer, i % 2 == 0 ? original : reversed, $"f{i}.csv", new ImportOptions { Source = "lab" }))));

        Assert.Equal(2, results.Count(r => !r.AlreadyImported));
        Assert.Equal(3, results.Sum(r => r.Runs));
        Assert.Equal(4, results.Sum(r => r.Points));
        Assert.Equal(2, await CountAsync(database, "imports"));
        Assert.Equal(4, await CountAsync(database, "benchmark_points"));
    }

    [PostgresFact]
    public async Task ConnectionKilled_DuringTheCopy_LeavesNothingWritten()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        var csv = GeneratedPointsCsv.Create(300_000);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var killer = KillWhenCopyingAsync(database, stop.Token);

        var ex = await Assert.ThrowsAsync<CompassDatabaseException>(() => Task.Run(() => ImportTextAsync(Importer(database), csv, "big.csv")));
        await stop.CancelAsync();

        Assert.True(await killer, "the import finished before its COPY could be stopped");
        Assert.Contains("Nothing of it was written", ex.Message, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(database);
    }

    [PostgresFact]
    public async Task Cancelled_Import_WritesNothing()
    {
        await using var database = await PostgresServer.CreateCompassDatabaseAsync();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Importer(database).ImportFileAsync(PathOf("points.csv"), new ImportOptions(), cancel.Token));

        await AssertNothingWrittenAsync(database);
    }

    // Terminates the import's backend from another connection while it copies points; true once it has.
    private static async Task<bool> KillWhenCopyingAsync(CompassDatabase database, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("""
                select pg_terminate_backend(pid) from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and query ilike 'copy import_points%'
                """, connection);
            while (true)
            {
                if (await command.ExecuteScalarAsync(cancellationToken) is true)
                {
                    return true;
                }

                await Task.Delay(2, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<ImportResult> ImportTextAsync(BenchmarkImporter importer, string text, string fileName, ImportOptions? options = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await importer.ImportAsync(stream, fileName, options ?? new ImportOptions());
    }
}
