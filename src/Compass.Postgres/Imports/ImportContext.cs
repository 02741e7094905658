using System.Globalization;
using Compass.Core;
using Compass.Core.Knowledge;

namespace Compass.Postgres.Imports;

/// <summary>
/// What every parser shares while it reads one file: name resolution through the catalog (cached, as rows repeat
/// names), the options' defaults, value checks, and the runs and points read so far. Every error names the file, row
/// and field; a value that came from <see cref="ImportOptions"/> has no field, and its error names the option
/// (<see cref="ImportException.Option"/>), as does an error that an option can fix.
/// </summary>
internal sealed class ImportContext
{
    private readonly KnowledgeCatalog _catalog;
    private readonly Dictionary<string, ModelMatch> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GpuSpec> _gpus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Quantization> _formats = new(StringComparer.Ordinal);
    private readonly Dictionary<RunConfiguration, RunRow> _runsByConfiguration = [];
    private readonly HashSet<(string RunKey, double Rate)> _pointKeys = [];
    private int _repeatedPoints;

    public ImportContext(KnowledgeCatalog catalog, string fileName, ImportFormat format, ImportOptions options)
    {
        _catalog = catalog;
        FileName = fileName;
        Format = format;
        Options = options;
    }

    public string FileName { get; }

    public ImportFormat Format { get; }

    public ImportOptions Options { get; }

    public ParsedFile Result { get; } = new();

    public ImportException Error(int? row, string? field, string problem, Exception? inner = null, string? option = null)
        => new(FileName, row, field, problem, inner) { Option = option };

    /// <summary>Resolves a model name given in <paramref name="field"/>, or in <see cref="ImportOptions.Model"/> when the field is null.</summary>
    public ModelMatch Model(string? name, int? row, string? field)
    {
        const string option = nameof(ImportOptions.Model);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw Error(row, field, $"the model that was served is not given. Set the model in the import options (e.g. meta-llama/Llama-3.1-8B-Instruct){OrFill(field)}", option: option);
        }

        if (_models.TryGetValue(name, out var cached))
        {
            return cached;
        }

        try
        {
            return _models[name] = _catalog.ResolveModel(name);
        }
        catch (UnknownNameException ex)
        {
            throw Error(row, field, $"{Given(field, "model")}{ex.Message} Use a model id, alias or checkpoint the knowledge base lists{(field is null ? "." : ", or set the model in the import options.")}", ex, option);
        }
    }

    /// <summary>Resolves a GPU name given in <paramref name="field"/>, or in <see cref="ImportOptions.Gpu"/> when the field is null.</summary>
    public GpuSpec Gpu(string? name, int? row, string? field)
    {
        const string option = nameof(ImportOptions.Gpu);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw Error(row, field, $"the GPU the server ran on is not given. Set the GPU in the import options (e.g. H100){OrFill(field)}", option: option);
        }

        if (_gpus.TryGetValue(name, out var cached))
        {
            return cached;
        }

        try
        {
            var found = _catalog.ResolveGpus(name);
            return found.Length == 1
                ? _gpus[name] = found[0]
                : throw Error(row, field, $"the GPU '{name}' could be {string.Join(" or ", found.Select(g => g.Type.Value))}; name one of them (e.g. {found[0].Type}).", option: option);
        }
        catch (UnknownNameException ex)
        {
            throw Error(row, field, $"{Given(field, "GPU")}{ex.Message} Use a GPU type or alias the knowledge base lists{(field is null ? "." : ", or set the GPU in the import options.")}", ex, option);
        }
    }

    /// <summary>Reads a weight format given in <paramref name="field"/>, or in <see cref="ImportOptions.Quantization"/> when the field is null.</summary>
    public Quantization Quantization(ModelMatch model, string? text, int? row, string? field)
    {
        const string option = nameof(ImportOptions.Quantization);
        Quantization format;
        if (string.IsNullOrWhiteSpace(text))
        {
            format = (model.Format ?? model.Spec.NativeFormat).Quantization;
        }
        else
        {
            try
            {
                if (!_formats.TryGetValue(text, out format))
                {
                    format = _formats[text] = Core.Quantization.Parse(text);
                }
            }
            catch (FormatException ex)
            {
                throw Error(row, field, $"{Given(field, "weight format")}{ex.Message}{(field is null ? string.Empty : " Or set the weight format in the import options.")}", ex, option);
            }
        }

        return model.Spec.FindFormat(format) is not null
            ? format
            : throw Error(row, field, $"{model.Spec.Id} is not listed in the format {format}; it has {string.Join(", ", model.Spec.Quantizations.Select(q => q.Quantization.Value))}. Set one of them as the weight format in the import options (e.g. {model.Spec.NativeFormat.Quantization}).", option: option);
    }

    /// <summary>Checks a tensor-parallel degree given in <paramref name="field"/>, or in <see cref="ImportOptions.TensorParallel"/> when the field is null.</summary>
    public int TensorParallel(int? value, GpuSpec gpu, int? row, string? field)
        => value switch
        {
            null => throw Error(row, field, $"the tensor-parallel degree (GPUs per replica) is not given. Set it in the import options (e.g. 1){OrFill(field)}", option: nameof(ImportOptions.TensorParallel)),
            <= 0 => throw Error(row, field, FormattableString.Invariant($"the tensor-parallel degree must be 1 or more, not {value}."), option: field is null ? nameof(ImportOptions.TensorParallel) : null),
            var tp when tp > gpu.MaxGpusPerNode => throw Error(row, field, FormattableString.Invariant($"a tensor-parallel degree of {tp} exceeds the {gpu.MaxGpusPerNode} GPUs per node of {gpu.Type}."),
                option: field is null ? nameof(ImportOptions.TensorParallel) : null),
            var tp => tp.Value,
        };

    /// <summary>Reads the provenance of <see cref="ImportOptions.Provenance"/> (the only place it is given).</summary>
    public string Provenance(string? text, int? row, string? field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Format == ImportFormat.Blis ? "simulated" : "measured";
        }

        var value = text.Trim().ToLowerInvariant();
        return value is "measured" or "simulated" or "estimated"
            ? value
            : throw Error(row, field, $"the provenance '{text}' is not one of measured, simulated or estimated.", option: field is null ? nameof(ImportOptions.Provenance) : null);
    }

    public static string Engine(string? text) => string.IsNullOrWhiteSpace(text) ? "vllm" : text.Trim().ToLowerInvariant();

    /// <summary>Notes what a report's run assumed about its engine: vLLM when none is given, and an unknown version.</summary>
    public void NoteEngineDefaults(string? engine, string? engineVersion)
    {
        if (string.IsNullOrWhiteSpace(engine))
        {
            Hint(nameof(ImportOptions.Engine), "The report does not name its serving engine; it is recorded as vllm (set the engine in the import options otherwise).");
        }

        if (string.IsNullOrWhiteSpace(engineVersion))
        {
            Hint(nameof(ImportOptions.EngineVersion), "The engine version is not known; set it in the import options so that runs of different versions stay apart.");
        }
    }

    /// <summary>Adds a note that setting one of the <see cref="ImportOptions"/> would resolve.</summary>
    public void Hint(string option, string note)
    {
        Result.Notes.Add(note);
        Result.Hints.Add(new ImportHint(option, note));
    }

    private static string OrFill(string? field) => field is null ? "." : ", or fill the field.";

    // "The model of the import options: " before a name error, so that it is not mistaken for the file's.
    private static string Given(string? field, string what) => field is null ? $"the {what} of the import options: " : string.Empty;

    // "v0.8.4" and "0.8.4" are the same version.
    public static string EngineVersion(string? text)
    {
        var value = (text ?? string.Empty).Trim();
        return value.Length > 1 && value[0] is 'v' or 'V' && char.IsAsciiDigit(value[1]) ? value[1..] : value;
    }

    /// <summary>The run of a configuration and profile: one per distinct key, shared by its points.</summary>
    public RunRow Run(ModelMatch model, Quantization quantization, GpuSpec gpu, int tensorParallel, string engine, string engineVersion, string provenance, string source,
        double promptTokens, double promptTokensStdDev, double outputTokens, double outputTokensStdDev)
    {
        var configuration = new RunConfiguration(model.Spec.Id.Value, quantization.Value, gpu.Type.Value, tensorParallel, engine, engineVersion, provenance, source,
            promptTokens, promptTokensStdDev, outputTokens, outputTokensStdDev);
        if (_runsByConfiguration.TryGetValue(configuration, out var run))
        {
            return run;
        }

        run = RunKey.Create(model.Spec.Id.Value, quantization.Value, gpu.Type.Value, tensorParallel, engine, engineVersion, provenance, source,
            promptTokens, promptTokensStdDev, outputTokens, outputTokensStdDev);
        _runsByConfiguration[configuration] = run;
        Result.Runs.TryAdd(run.RunKey, run);
        return run;
    }

    public void Point(RunRow run, double requestRate, int? concurrency, double achievedRate, double outputTokensPerSecond, Latencies latencies)
    {
        if (!_pointKeys.Add((run.RunKey, requestRate)))
        {
            _repeatedPoints++;
            return;
        }

        Result.Points.Add(new PointRow(run.RunKey, requestRate, concurrency, achievedRate, outputTokensPerSecond, latencies));
    }

    public ParsedFile Finish()
    {
        if (_repeatedPoints > 0)
        {
            Result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{_repeatedPoints} row(s) repeat a run and request rate met earlier in the file; the first of each was kept."));
        }

        return Result;
    }

    public double Positive(double? value, int? row, string field)
        => value is { } v && double.IsFinite(v) && v > 0 ? v
            : throw Error(row, field, value is null ? "a value is required here." : FormattableString.Invariant($"must be a finite number greater than zero, not {value}."));

    public double NonNegative(double? value, int? row, string field)
        => value is { } v && double.IsFinite(v) && v >= 0 ? v
            : throw Error(row, field, value is null ? "a value is required here." : FormattableString.Invariant($"must be a finite number of zero or more, not {value}."));

    public double? OptionalNonNegative(double? value, int? row, string field)
        => value is null ? null : NonNegative(value, row, field);

    public int? OptionalCount(double? value, int? row, string field)
        => value switch
        {
            null => null,
            var v when double.IsFinite(v.Value) && v.Value >= 1 && v.Value <= int.MaxValue && Math.Abs(v.Value - Math.Round(v.Value)) < 1e-9 => (int)Math.Round(v.Value),
            var v => throw Error(row, field, FormattableString.Invariant($"must be a whole number of 1 or more, not {v}.")),
        };

    // What makes runs equal, without formatting a key per row.
    private readonly record struct RunConfiguration(string Model, string Quantization, string Gpu, int TensorParallel, string Engine, string EngineVersion, string Provenance, string Source,
        double PromptTokens, double PromptTokensStdDev, double OutputTokens, double OutputTokensStdDev);
}
