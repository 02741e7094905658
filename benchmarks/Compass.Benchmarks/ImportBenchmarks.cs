using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Compass.Core.Knowledge;
using Compass.Postgres;
using Compass.Postgres.Imports;
using Compass.Testing;
using Npgsql;

namespace Compass.Benchmarks;

/// <summary>
/// Importing a generated 100,000-row points CSV into PostgreSQL: read and check every row, then one transaction that
/// binary-COPYs runs and points into staging tables and inserts them. The server is the one named by
/// <c>COMPASS_BENCH_PG</c> (a connection string whose user may create databases), or else a throwaway cluster started
/// from the postgresql package's binaries; each iteration starts from empty tables.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ImportBenchmarks
{
    private const int Rows = 100_000;
    private string _admin = null!;
    private string _name = null!;
    private CompassDatabase _database = null!;
    private BenchmarkImporter _importer = null!;
    private byte[] _csv = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [IterationSetup]
    public void Empty() => ExecuteAsync(_database.Options.ConnectionString, "truncate compass.imports, compass.benchmark_runs, compass.benchmark_points cascade").GetAwaiter().GetResult();

    /// <summary>The whole import of 100,000 points (100 runs).</summary>
    [Benchmark]
    public ImportResult ImportPointsCsv100k()
    {
        using var stream = new MemoryStream(_csv, writable: false);
        var result = _importer.ImportAsync(stream, "generated.csv", new ImportOptions { Format = ImportFormat.PointsCsv }).GetAwaiter().GetResult();
        return result.Points == Rows ? result : throw new InvalidOperationException($"imported {result.Points} points, expected {Rows}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database.Dispose();
        ExecuteAsync(_admin, $"drop database if exists {_name} with (force)").GetAwaiter().GetResult();
    }

    private async Task SetupAsync()
    {
        _admin = Environment.GetEnvironmentVariable("COMPASS_BENCH_PG") is { Length: > 0 } given ? given : await ThrowawayPostgres.StartAsync();
        _name = "compass_bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(_admin, $"create database {_name}");
        var builder = new NpgsqlConnectionStringBuilder(_admin) { Database = _name };
        _database = new CompassDatabase(new CompassPostgresOptions { ConnectionString = builder.ConnectionString });
        await _database.MigrateAsync();
        _importer = new BenchmarkImporter(_database, EmbeddedKnowledgeBase.Catalog, TimeProvider.System);
        _csv = Encoding.UTF8.GetBytes(GeneratedPointsCsv.Create(Rows));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
