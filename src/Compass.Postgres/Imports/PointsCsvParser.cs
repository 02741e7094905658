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
        CsvColumn Column(string name) => columns[name];
        CsvColumn modelColumn = Column("model"), quantizationColumn = Column("quantization"), gpuColumn = Column("gpu"), tensorParallelColumn = Column("tensor_parallel"),
            engineColumn = Column("engine"), engineVersionColumn = Column("engine_version"), provenanceColumn = Column("provenance"), sourceColumn = Column("source"),
            promptColumn = Column("prompt_tokens"), promptStdDevColumn = Column("prompt_tokens_stddev"), outputColumn = Column("output_tokens"), outputStdDevColumn = Column("output_tokens_stddev"),
            rateColumn = Column("request_rate"), concurrencyColumn = Column("concurrency"), achievedColumn = Column("achieved_rate"), throughputColumn = Column("output_tokens_per_second");
        var latencyColumns = Latencies.Names.Select(Column).ToArray();
        int row;
        while ((row = reader.Read(fields)) != 0)
        {
            columns.CheckWidth(fields, row);
            var model = context.Model(CsvColumns.Text(fields, modelColumn) ?? options.Model, row, "model");
            var quantization = context.Quantization(model, CsvColumns.Text(fields, quantizationColumn) ?? options.Quantization, row, "quantization");
            var gpu = context.Gpu(CsvColumns.Text(fields, gpuColumn) ?? options.Gpu, row, "gpu");
            var tensorParallel = context.TensorParallel(
                context.OptionalCount(columns.Number(fields, tensorParallelColumn, row), row, "tensor_parallel") ?? options.TensorParallel, gpu, row, "tensor_parallel");
            var run = context.Run(model, quantization, gpu, tensorParallel,
                ImportContext.Engine(CsvColumns.Text(fields, engineColumn) ?? options.Engine),
                ImportContext.EngineVersion(CsvColumns.Text(fields, engineVersionColumn) ?? options.EngineVersion),
                context.Provenance(CsvColumns.Text(fields, provenanceColumn) ?? options.Provenance, row, "provenance"),
                CsvColumns.Text(fields, sourceColumn) ?? options.Source ?? context.FileName,
                context.Positive(columns.Number(fields, promptColumn, row), row, "prompt_tokens"),
                context.OptionalNonNegative(columns.Number(fields, promptStdDevColumn, row), row, "prompt_tokens_stddev") ?? 0,
                context.Positive(columns.Number(fields, outputColumn, row), row, "output_tokens"),
                context.OptionalNonNegative(columns.Number(fields, outputStdDevColumn, row), row, "output_tokens_stddev") ?? 0);

            var latencies = new Latencies();
            for (var i = 0; i < Latencies.Names.Length; i++)
            {
                latencies.Values[i] = context.OptionalNonNegative(columns.Number(fields, latencyColumns[i], row), row, Latencies.Names[i]);
            }

            context.Point(run,
                context.Positive(columns.Number(fields, rateColumn, row), row, "request_rate"),
                context.OptionalCount(columns.Number(fields, concurrencyColumn, row), row, "concurrency"),
                context.NonNegative(columns.Number(fields, achievedColumn, row), row, "achieved_rate"),
                context.NonNegative(columns.Number(fields, throughputColumn, row), row, "output_tokens_per_second"),
                latencies);
        }

        if (context.Result.Points.Count == 0)
        {
            context.Result.Notes.Add("The file holds a header and no rows.");
        }
    }
}
