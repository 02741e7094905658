namespace Compass.Postgres.Imports;

/// <summary>Reads benchmark points from CSV (<see cref="ImportFormat.PointsCsv"/>); the columns are listed in <see cref="Columns"/>.</summary>
internal static class PointsCsvParser
{
    public static readonly string[] Columns =
    [
        "model", "quantization", "gpu", "tensor_parallel", "prompt_tokens", "prompt_tokens_stddev", "output_tokens", "output_tokens_stddev",
        "request_rate", "concurrency", "achieved_rate", "output_tokens_per_second",
        .. Latencies.Names,
        "engine", "engine_version", "provenance", "source",
    ];

    private static readonly string[] Required = ["prompt_tokens", "output_tokens", "request_rate", "achieved_rate", "output_tokens_per_second"];

    public static void Parse(string text, ImportContext context)
    {
        var reader = new CsvReader(text, context.FileName);
        var fields = new List<string>();
        var headerLine = reader.Read(fields);
        if (headerLine == 0)
        {
            throw context.Error(null, null, "the file is empty. Write a header row of column names first (see docs/knowledge-base.md).");
        }

        var columns = new CsvColumns([.. fields], headerLine, context.FileName, Columns, Required);
        var options = context.Options;
        int row;
        while ((row = reader.Read(fields)) != 0)
        {
            columns.CheckWidth(fields, row);
            var model = context.Model(columns.Text(fields, "model") ?? options.Model, row, "model");
            var quantization = context.Quantization(model, columns.Text(fields, "quantization") ?? options.Quantization, row, "quantization");
            var gpu = context.Gpu(columns.Text(fields, "gpu") ?? options.Gpu, row, "gpu");
            var tensorParallel = context.TensorParallel(
                context.OptionalCount(columns.Number(fields, "tensor_parallel", row), row, "tensor_parallel") ?? options.TensorParallel, gpu, row, "tensor_parallel");
            var run = context.Run(model, quantization, gpu, tensorParallel,
                ImportContext.Engine(columns.Text(fields, "engine") ?? options.Engine),
                ImportContext.EngineVersion(columns.Text(fields, "engine_version") ?? options.EngineVersion),
                context.Provenance(columns.Text(fields, "provenance") ?? options.Provenance, row, "provenance"),
                columns.Text(fields, "source") ?? options.Source ?? context.FileName,
                context.Positive(columns.Number(fields, "prompt_tokens", row), row, "prompt_tokens"),
                context.OptionalNonNegative(columns.Number(fields, "prompt_tokens_stddev", row), row, "prompt_tokens_stddev") ?? 0,
                context.Positive(columns.Number(fields, "output_tokens", row), row, "output_tokens"),
                context.OptionalNonNegative(columns.Number(fields, "output_tokens_stddev", row), row, "output_tokens_stddev") ?? 0);

            var latencies = new Latencies();
            for (var i = 0; i < Latencies.Names.Length; i++)
            {
                latencies.Values[i] = context.OptionalNonNegative(columns.Number(fields, Latencies.Names[i], row), row, Latencies.Names[i]);
            }

            context.Point(run,
                context.Positive(columns.Number(fields, "request_rate", row), row, "request_rate"),
                context.OptionalCount(columns.Number(fields, "concurrency", row), row, "concurrency"),
                context.NonNegative(columns.Number(fields, "achieved_rate", row), row, "achieved_rate"),
                context.NonNegative(columns.Number(fields, "output_tokens_per_second", row), row, "output_tokens_per_second"),
                latencies);
        }

        if (context.Result.Points.Count == 0)
        {
            context.Result.Notes.Add("The file holds a header and no rows.");
        }
    }
}
