using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Compass.Postgres.Imports;

/// <summary>
/// The identity of a benchmark run across imports: the SHA-256 (lower-case hex) of
/// <c>model|quantization|gpu|tensor_parallel|engine|engine_version|provenance|source|prompt_tokens|prompt_tokens_stddev|output_tokens|output_tokens_stddev</c>,
/// names canonical (catalog ids, lower-case format), numbers in invariant round-trip form. Equal runs from different
/// files get the same key, so their points merge.
/// </summary>
internal static class RunKey
{
    public static RunRow Create(string model, string quantization, string gpu, int tensorParallel, string engine, string engineVersion, string provenance, string source,
        double promptTokens, double promptTokensStdDev, double outputTokens, double outputTokensStdDev)
    {
        var text = string.Join('|',
            model, quantization, gpu, tensorParallel.ToString(CultureInfo.InvariantCulture), engine, engineVersion, provenance, source,
            Number(promptTokens), Number(promptTokensStdDev), Number(outputTokens), Number(outputTokensStdDev));
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new RunRow(key, model, quantization, gpu, tensorParallel, engine, engineVersion, provenance, source, promptTokens, promptTokensStdDev, outputTokens, outputTokensStdDev);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
