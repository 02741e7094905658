namespace Compass.Postgres.Imports;

/// <summary>
/// What an import needs that a file may not say: the configuration that was measured and where the figures come from.
/// Reports of one configuration (GuideLLM, vLLM bench, compass loadtest) take these values over the file's; CSV rows take
/// them only where their own column is absent or empty. The CLI maps them to <c>--model</c>, <c>--quantization</c>,
/// <c>--gpu</c>, <c>--tp</c>, <c>--provenance</c>, <c>--engine</c>, <c>--engine-version</c>, <c>--source</c> and <c>--format</c>.
/// </summary>
public sealed record ImportOptions
{
    /// <summary>Gets the layout of the file; <see cref="ImportFormat.Auto"/> (the default) recognises it.</summary>
    public ImportFormat Format { get; init; } = ImportFormat.Auto;

    /// <summary>Gets the model that was served (an id, alias or quantized checkpoint of the catalog).</summary>
    public string? Model { get; init; }

    /// <summary>Gets the weight format that was served (<c>bf16</c>, <c>fp8</c>, <c>w8a8</c>, <c>w4a16</c>, <c>mxfp4</c>); by default the one the model name denotes.</summary>
    public string? Quantization { get; init; }

    /// <summary>Gets the GPU the server ran on (a type or alias of the catalog, e.g. <c>H100</c>).</summary>
    public string? Gpu { get; init; }

    /// <summary>Gets the tensor-parallel degree (GPUs per replica).</summary>
    public int? TensorParallel { get; init; }

    /// <summary>Gets whether the figures were <c>measured</c>, <c>simulated</c> or <c>estimated</c>; by default BLIS is simulated and everything else measured.</summary>
    public string? Provenance { get; init; }

    /// <summary>Gets the serving engine (default <c>vllm</c>).</summary>
    public string? Engine { get; init; }

    /// <summary>Gets the engine's version (a leading <c>v</c> is dropped: <c>v0.8.4</c> is stored as <c>0.8.4</c>).</summary>
    public string? EngineVersion { get; init; }

    /// <summary>Gets where the figures come from (a lab, a ticket, a URL); by default the file's name (BLIS: the upstream table).</summary>
    public string? Source { get; init; }
}
