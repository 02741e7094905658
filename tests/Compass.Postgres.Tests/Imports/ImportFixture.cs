using System.Globalization;
using Compass.Core.Knowledge;
using Compass.Postgres.Imports;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Compass.Postgres.Tests.Imports;

/// <summary>Shared pieces of the import tests: the fixture files, an importer over the embedded catalog, and queries.</summary>
internal static class ImportFixture
{
    public static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Imports", "Data", name);

    public static BenchmarkImporter Importer(CompassDatabase database) => new(database, EmbeddedKnowledgeBase.Catalog, Clock);

    public static async Task<long> CountAsync(CompassDatabase database, string table)
        => Convert.ToInt64(await ScalarAsync(database, $"select count(*) from {table}"), CultureInfo.InvariantCulture);

    public static async Task<object?> ScalarAsync(CompassDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Reads a point of a run: the run's columns and the point's, latencies in ms (null where the source had none).</summary>
    public static async Task<Dictionary<string, object?>> PointAsync(CompassDatabase database, string where)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            select r.run_key, r.model, r.quantization, r.gpu, r.tensor_parallel, r.engine, r.engine_version, r.provenance, r.source,
                   r.prompt_tokens, r.prompt_tokens_stddev, r.output_tokens, r.output_tokens_stddev, r.import_id as run_import,
                   p.request_rate, p.concurrency, p.achieved_rate, p.output_tokens_per_second,
                   p.ttft_mean, p.ttft_p50, p.ttft_p90, p.ttft_p95, p.ttft_p99, p.itl_mean, p.itl_p50, p.itl_p90, p.itl_p95, p.itl_p99,
                   p.e2e_mean, p.e2e_p50, p.e2e_p90, p.e2e_p95, p.e2e_p99, p.import_id
            from benchmark_runs r join benchmark_points p on p.run_id = r.id
            where {where}
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no point where {where}");
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        Assert.False(await reader.ReadAsync(), $"more than one point where {where}");
        return row;
    }

    /// <summary>Everything imports write, without ids and time stamps, in a stable order: to compare two states.</summary>
    public static async Task<List<string>> SnapshotAsync(CompassDatabase database)
    {
        var lines = new List<string>();
        await using var connection = await database.OpenAsync();
        foreach (var sql in new[]
        {
            "select concat_ws('|', run_key, model, quantization, gpu, tensor_parallel, engine, engine_version, provenance, source, prompt_tokens, prompt_tokens_stddev, output_tokens, output_tokens_stddev) from benchmark_runs order by run_key",
            "select concat_ws('|', r.run_key, p.request_rate, p.concurrency, p.achieved_rate, p.output_tokens_per_second, p.ttft_mean, p.ttft_p50, p.ttft_p90, p.ttft_p95, p.ttft_p99, p.itl_mean, p.itl_p50, p.itl_p90, p.itl_p95, p.itl_p99, p.e2e_mean, p.e2e_p50, p.e2e_p90, p.e2e_p95, p.e2e_p99) from benchmark_points p join benchmark_runs r on r.id = p.run_id order by r.run_key, p.request_rate",
            "select concat_ws('|', gpu, provider, instance_type, tier, usd_per_gpu_hour, effective_from, source) from prices order by 1",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        return lines;
    }

    /// <summary>Asserts that nothing was imported: no imports row, no runs, points or prices.</summary>
    public static async Task AssertNothingWrittenAsync(CompassDatabase database)
    {
        Assert.Equal(0, await CountAsync(database, "imports"));
        Assert.Equal(0, await CountAsync(database, "benchmark_runs"));
        Assert.Equal(0, await CountAsync(database, "benchmark_points"));
        Assert.Equal(0, await CountAsync(database, "prices where import_id is not null"));
    }
}
