using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;
using Npgsql;

namespace Compass.Postgres.Knowledge;

/// <summary>Reads the benchmark points planning can use (see <see cref="PostgresKnowledgeBase"/>'s remarks).</summary>
internal static class BenchmarkReader
{
    private const string Sql = """
        select r.id, r.model, r.quantization, r.gpu, r.tensor_parallel, r.engine, r.engine_version, r.provenance, r.source,
               r.prompt_tokens, r.prompt_tokens_stddev, r.output_tokens, r.output_tokens_stddev,
               p.request_rate, p.achieved_rate, p.output_tokens_per_second,
               p.ttft_mean, p.ttft_p90, p.ttft_p95, p.ttft_p99,
               p.itl_mean, p.itl_p90, p.itl_p95, p.itl_p99,
               p.e2e_mean, p.e2e_p90, p.e2e_p95, p.e2e_p99
        from benchmark_runs r join benchmark_points p on p.run_id = r.id
        where p.ttft_mean is not null and p.ttft_p90 is not null and p.ttft_p95 is not null and p.ttft_p99 is not null
          and p.itl_mean is not null and p.itl_p90 is not null and p.itl_p95 is not null and p.itl_p99 is not null
          and p.e2e_mean is not null and p.e2e_p90 is not null and p.e2e_p95 is not null and p.e2e_p99 is not null
        order by r.id, p.request_rate
        """;

    public static async Task<ImmutableArray<BenchmarkPoint>> ReadAsync(NpgsqlConnection connection, ImmutableArray<ModelSpec> models, ImmutableArray<GpuSpec> gpus, CancellationToken cancellationToken)
    {
        var modelsById = models.ToDictionary(m => m.Id.Value, StringComparer.OrdinalIgnoreCase);
        var gpusByType = gpus.ToDictionary(g => g.Type.Value, StringComparer.OrdinalIgnoreCase);
        var rows = new List<(string Provenance, BenchmarkPoint Point)>();
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!modelsById.TryGetValue(reader.GetString(1), out var model) || !gpusByType.TryGetValue(reader.GetString(3), out var gpu)
                || ParseFormat(reader.GetString(2)) is not { } format || model.FindFormat(format) is null || reader.GetInt32(4) > gpu.MaxGpusPerNode)
            {
                continue; // refers to something the knowledge base does not hold: db health lists it
            }

            var engine = reader.GetString(5);
            var version = reader.GetString(6);
            var provenance = reader.GetString(7);
            try
            {
                rows.Add((provenance, new BenchmarkPoint
                {
                    Model = model.Id,
                    Quantization = format,
                    Gpu = gpu.Type,
                    TensorParallel = reader.GetInt32(4),
                    PromptTokens = (int)Math.Round(reader.GetDouble(9)),
                    PromptTokensStdDev = reader.GetDouble(10),
                    OutputTokens = (int)Math.Round(reader.GetDouble(11)),
                    OutputTokensStdDev = reader.GetDouble(12),
                    RequestRate = reader.GetDouble(13),
                    AchievedRate = reader.GetDouble(14),
                    OutputTokensPerSecond = reader.GetDouble(15),
                    Ttft = Stats(reader, 16),
                    Itl = Stats(reader, 20),
                    E2e = Stats(reader, 24),
                    // Imports store versions without the leading "v" (so v0.8.4 and 0.8.4 are one run); people read "vllm v0.8.4".
                    Framework = version.Length == 0 ? engine : char.IsAsciiDigit(version[0]) ? $"{engine} v{version}" : $"{engine} {version}",
                    Source = Describe(provenance, reader.GetString(8)),
                }));
            }
            catch (ArgumentException ex)
            {
                throw new CompassDatabaseException($"Benchmark run {reader.GetInt64(0)} ({reader.GetString(1)} on {reader.GetString(3)}) has an invalid point at {reader.GetDouble(13)} req/s: {ex.Message} Fix or delete it.", ex);
            }
        }

        // Measured runs of a configuration and profile replace simulated or estimated ones of the same profile.
        return
        [
            .. rows.GroupBy(r => (r.Point.Model, r.Point.Quantization, r.Point.Gpu, r.Point.TensorParallel, r.Point.PromptTokens, r.Point.OutputTokens))
                .SelectMany(g => g.Any(r => r.Provenance == "measured") ? g.Where(r => r.Provenance == "measured") : g)
                .Select(r => r.Point),
        ];
    }

    // Plans quote the source; it must say whether the point was measured, unless it already does.
    private static string Describe(string provenance, string source)
        => source.Contains(provenance, StringComparison.OrdinalIgnoreCase) ? source : string.Create(CultureInfo.InvariantCulture, $"{provenance}: {source}");

    private static Quantization? ParseFormat(string text)
    {
        try
        {
            return Quantization.Parse(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static LatencyStats Stats(NpgsqlDataReader reader, int first) => new()
    {
        Mean = reader.GetDouble(first),
        P90 = reader.GetDouble(first + 1),
        P95 = reader.GetDouble(first + 2),
        P99 = reader.GetDouble(first + 3),
    };
}
