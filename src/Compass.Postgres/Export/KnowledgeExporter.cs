using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Compass.Core.Knowledge;
using Compass.Core.Serialization;
using Compass.Postgres.Knowledge;
using Npgsql;

namespace Compass.Postgres.Export;

/// <summary>
/// Writes a knowledge base out as files another Compass can read back: the catalog documents in the embedded
/// knowledge base's format (<c>models.json</c>, <c>gpus.json</c> with the prices in effect, <c>use-cases.json</c>,
/// <c>engine-calibration.json</c> with the active calibrations), and every price and benchmark row as CSV in the
/// importer's layouts (<c>prices.csv</c>, <c>benchmarks.csv</c>), so that <see cref="Imports.BenchmarkImporter"/> reads them back.
/// </summary>
public static class KnowledgeExporter
{
    /// <summary>The files an export writes, in order.</summary>
    public static ImmutableArray<string> FileNames { get; } = ["models.json", "gpus.json", "use-cases.json", "engine-calibration.json", "prices.csv", "benchmarks.csv"];

    /// <summary>The columns of <c>prices.csv</c>.</summary>
    public static ImmutableArray<string> PriceColumns { get; } = ["gpu", "provider", "instance_type", "tier", "usd_per_gpu_hour", "effective_from", "source"];

    /// <summary>The columns of <c>benchmarks.csv</c>.</summary>
    public static ImmutableArray<string> BenchmarkColumns { get; } =
    [
        "model", "quantization", "gpu", "tensor_parallel", "engine", "engine_version", "provenance", "source",
        "prompt_tokens", "prompt_tokens_stddev", "output_tokens", "output_tokens_stddev",
        "request_rate", "concurrency", "achieved_rate", "output_tokens_per_second",
        "ttft_mean", "ttft_p50", "ttft_p90", "ttft_p95", "ttft_p99",
        "itl_mean", "itl_p50", "itl_p90", "itl_p95", "itl_p99",
        "e2e_mean", "e2e_p50", "e2e_p90", "e2e_p95", "e2e_p99",
    ];

    /// <summary>Exports the knowledge base.</summary>
    /// <param name="database">The database.</param>
    /// <param name="knowledgeBase">The knowledge base read from it (for the catalog documents).</param>
    /// <param name="directory">The folder; created when missing.</param>
    /// <param name="overwrite">Whether files of the export's names that exist may be replaced (nothing else in the folder is touched).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="IOException">A file exists and <paramref name="overwrite"/> is false (nothing is written then), or the folder cannot be written.</exception>
    /// <exception cref="CompassDatabaseException">The database cannot be read.</exception>
    public static async Task<ExportResult> ExportAsync(CompassDatabase database, PostgresKnowledgeBase knowledgeBase, string directory, bool overwrite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(knowledgeBase);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var folder = Path.GetFullPath(directory);
        var existing = FileNames.Where(f => File.Exists(Path.Combine(folder, f)) || Directory.Exists(Path.Combine(folder, f))).ToArray();
        if (existing.Length > 0 && !overwrite)
        {
            throw new IOException($"{folder} already holds {string.Join(", ", existing)}; nothing was written. Choose an empty folder, or export with overwrite to replace those files (nothing else in the folder is touched).");
        }

        if (existing.FirstOrDefault(f => Directory.Exists(Path.Combine(folder, f))) is { } clash)
        {
            throw new IOException($"{Path.Combine(folder, clash)} is a folder; the export will not replace it. Choose another folder.");
        }

        // Read everything before writing anything, so that a database error leaves no partial export behind.
        knowledgeBase.Invalidate();
        var catalog = await knowledgeBase.GetCatalogAsync(cancellationToken).ConfigureAwait(false);
        var prices = new StringBuilder();
        var benchmarks = new StringBuilder();
        int priceRows, benchmarkRows;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await database.RequireSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            priceRows = await WriteCsvAsync(connection, prices, PriceColumns, """
                select gpu, provider, instance_type, tier, usd_per_gpu_hour::text, to_char(effective_from, 'YYYY-MM-DD'), source
                from prices order by gpu, provider, instance_type, tier, effective_from
                """, cancellationToken).ConfigureAwait(false);
            benchmarkRows = await WriteCsvAsync(connection, benchmarks, BenchmarkColumns, """
                select r.model, r.quantization, r.gpu, r.tensor_parallel, r.engine, r.engine_version, r.provenance, r.source,
                       r.prompt_tokens, r.prompt_tokens_stddev, r.output_tokens, r.output_tokens_stddev,
                       p.request_rate, p.concurrency, p.achieved_rate, p.output_tokens_per_second,
                       p.ttft_mean, p.ttft_p50, p.ttft_p90, p.ttft_p95, p.ttft_p99,
                       p.itl_mean, p.itl_p50, p.itl_p90, p.itl_p95, p.itl_p99,
                       p.e2e_mean, p.e2e_p50, p.e2e_p90, p.e2e_p95, p.e2e_p99
                from benchmark_runs r join benchmark_points p on p.run_id = r.id
                order by r.model, r.quantization, r.gpu, r.tensor_parallel, r.run_key, p.request_rate
                """, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var contents = new (string File, string Text, int Records)[]
        {
            ("models.json", Json(new ModelsDocument { Description = Describe("models", database), Models = catalog.Models }), catalog.Models.Length),
            ("gpus.json", Json(new GpusDocument { Description = Describe("GPUs, with the prices in effect on the day of the export", database), Gpus = catalog.Gpus }), catalog.Gpus.Length),
            ("use-cases.json", Json(new UseCasesDocument { Description = Describe("use-case templates", database), UseCases = catalog.UseCases }), catalog.UseCases.Length),
            ("engine-calibration.json", Json(new CalibrationDocument { Description = Describe("active engine calibrations", database), Calibrations = catalog.Calibrations }), catalog.Calibrations.Length),
            ("prices.csv", prices.ToString(), priceRows),
            ("benchmarks.csv", benchmarks.ToString(), benchmarkRows),
        };

        Directory.CreateDirectory(folder);
        foreach (var (file, text, _) in contents)
        {
            // Each file appears whole or not at all: written beside its name, then moved over it.
            var target = Path.Combine(folder, file);
            var temporary = Path.Combine(folder, $".{file}.{Guid.NewGuid():N}.tmp");
            try
            {
                await File.WriteAllTextAsync(temporary, text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
                File.Move(temporary, target, overwrite);
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        return new ExportResult(folder, [.. contents.Select(c => (c.File, c.Records))]);
    }

    private static string Describe(string what, CompassDatabase database)
        => $"The {what} of the Compass knowledge base in {database.Description}, exported by Compass.";

    private static string Json<T>(T document) => JsonSerializer.Serialize(document, CompassJson.Options) + "\n";

    private static async Task<int> WriteCsvAsync(NpgsqlConnection connection, StringBuilder csv, ImmutableArray<string> columns, string sql, CancellationToken cancellationToken)
    {
        csv.AppendJoin(',', columns).Append('\n');
        var rows = 0;
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (i > 0)
                {
                    csv.Append(',');
                }

                csv.Append(reader.IsDBNull(i) ? string.Empty : Field(reader.GetValue(i)));
            }

            csv.Append('\n');
            rows++;
        }

        return rows;
    }

    private static string Field(object value)
    {
        var text = value switch
        {
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
