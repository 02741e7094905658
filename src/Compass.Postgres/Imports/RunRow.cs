namespace Compass.Postgres.Imports;

/// <summary>One benchmark run as it will be written to <c>benchmark_runs</c>.</summary>
internal sealed record RunRow(
    string RunKey,
    string Model,
    string Quantization,
    string Gpu,
    int TensorParallel,
    string Engine,
    string EngineVersion,
    string Provenance,
    string Source,
    double PromptTokens,
    double PromptTokensStdDev,
    double OutputTokens,
    double OutputTokensStdDev);
