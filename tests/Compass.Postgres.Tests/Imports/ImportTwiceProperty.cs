using System.Globalization;
using System.Text;
using Compass.Postgres.Imports;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Npgsql;
using static Compass.Postgres.Tests.Imports.ImportFixture;

namespace Compass.Postgres.Tests.Imports;

/// <summary>
/// Importing is idempotent: for random small points CSVs (few names and rates, so runs and points repeat), importing the
/// file twice, and then the same rows in another order, leaves the knowledge base as importing it once did.
/// </summary>
public sealed class ImportTwiceProperty
{
    private static readonly Lazy<Task<CompassDatabase>> Database = new(() => PostgresServer.CreateCompassDatabaseAsync());

    private static readonly string[] Models = ["llama-3.1-8b", "meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen2.5-7B-Instruct"];
    private static readonly string[] Gpus = ["H100", "NVIDIA-H100-80GB-HBM3", "L4"];

    [PostgresProperty(MaxTest = 15)]
    public Property ImportingTwice_EqualsImportingOnce()
        => Prop.ForAll(Files().ToArbitrary(), rows => Task.Run(async () =>
        {
            var database = await Database.Value;
            await using (var connection = await database.OpenAsync())
            await using (var truncate = new NpgsqlCommand("truncate imports, benchmark_runs, benchmark_points cascade", connection))
            {
                await truncate.ExecuteNonQueryAsync();
            }

            var importer = Importer(database);
            var once = await ImportAsync(importer, rows);
            var afterOnce = await SnapshotAsync(database);
            var twice = await ImportAsync(importer, rows);
            var afterTwice = await SnapshotAsync(database);
            var reordered = await ImportAsync(importer, [.. rows.AsEnumerable().Reverse(), string.Empty]);
            var afterReordered = await SnapshotAsync(database);

            var distinctPoints = rows.Select(r => r.Split(',')).Select(f => (Model(f[0]), f[1], f[2].Contains("L4", StringComparison.Ordinal), f[3], f[4], f[5])).Distinct().Count();
            return !once.AlreadyImported && twice.AlreadyImported && reordered.Points == 0 && reordered.Runs == 0
                && once.Points == distinctPoints && afterOnce.Count > 0
                && afterOnce.SequenceEqual(afterTwice) && afterOnce.SequenceEqual(afterReordered);
        }).GetAwaiter().GetResult());

    private static string Model(string name) => name.Contains("Qwen", StringComparison.Ordinal) ? "qwen" : "llama";

    // Rows of: model, quantization, gpu, tensor_parallel, prompt_tokens, request_rate, then random measurements.
    private static Gen<string[]> Files()
    {
        var row =
            from model in Gen.Elements(Models)
            from gpu in Gen.Elements(Gpus)
            from tp in Gen.Elements(1, 2)
            from prompt in Gen.Elements(128, 512)
            from rate in Gen.Elements(0.5, 1, 2, 4)
            from ttft in Gen.Choose(10, 5000)
            from itl in Gen.Choose(5, 100)
            from p99 in Gen.Elements<int?>(null, 0, 7000)
            select string.Create(CultureInfo.InvariantCulture,
                $"{model},bf16,{gpu},{tp},{prompt},{rate},{rate * 0.98},{rate * 200},{ttft / 10.0},{itl / 10.0},{p99}");
        return Gen.Choose(1, 12).SelectMany(n => row.ArrayOf(n));
    }

    private static async Task<ImportResult> ImportAsync(BenchmarkImporter importer, string[] rows)
    {
        var text = "model,quantization,gpu,tensor_parallel,prompt_tokens,request_rate,achieved_rate,output_tokens_per_second,ttft_mean,itl_mean,e2e_p99,output_tokens\n"
            + string.Concat(rows.Select(r => r.Length == 0 ? "\n" : r + ",256\n"));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await importer.ImportAsync(stream, "random.csv", new ImportOptions());
    }
}
