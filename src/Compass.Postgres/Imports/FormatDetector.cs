using System.Text;
using System.Text.RegularExpressions;

namespace Compass.Postgres.Imports;

/// <summary>Recognises a file's layout from its first bytes (see <see cref="BenchmarkImporter.Detect"/>), and names layouts.</summary>
internal static partial class FormatDetector
{
    /// <summary>How many bytes of a file detection reads.</summary>
    public const int HeadLength = 64 * 1024;

    public const string Choices = "blis, guidellm, vllm-bench, compass-loadtest, points-csv or prices-csv";

    public static string Name(ImportFormat format) => ImportFormats.Name(format);

    public static ImportFormat Detect(ReadOnlySpan<byte> head, string fileName)
    {
        var text = Encoding.UTF8.GetString(head.Length > HeadLength ? head[..HeadLength] : head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('{') || text.StartsWith('['))
        {
            if (text.Contains("\"model_hf_repo\"", StringComparison.Ordinal))
            {
                return ImportFormat.Blis;
            }

            if (CompassTool().IsMatch(text))
            {
                return ImportFormat.CompassLoadTest;
            }

            if (text.Contains("generative_benchmark", StringComparison.Ordinal) || text.Contains("\"time_to_first_token_ms\"", StringComparison.Ordinal)
                || (text.Contains("\"benchmarks\"", StringComparison.Ordinal) && text.Contains("\"metrics\"", StringComparison.Ordinal)))
            {
                return ImportFormat.GuideLlm;
            }

            if (text.Contains("\"request_throughput\"", StringComparison.Ordinal) || text.Contains("\"mean_ttft_ms\"", StringComparison.Ordinal))
            {
                return ImportFormat.VllmBench;
            }
        }
        else
        {
            var end = text.IndexOfAny(['\r', '\n']);
            var header = (end < 0 ? text : text[..end]).Split(',').Select(c => c.Trim().Trim('"').Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
            if (header.Contains("usd_per_gpu_hour"))
            {
                return ImportFormat.PricesCsv;
            }

            if (header.Contains("request_rate"))
            {
                return ImportFormat.PointsCsv;
            }
        }

        throw new ImportException(fileName ?? string.Empty, null, null,
            $"the layout is not recognised: it is not a BLIS table, GuideLLM or Compass load-test report, vllm bench serve result, or a points or prices CSV with its header row. Set the format in the import options: one of {Choices} (see docs/knowledge-base.md).")
        {
            Option = nameof(ImportOptions.Format),
        };
    }

    [GeneratedRegex("\"tool\"\\s*:\\s*\"compass\"")]
    private static partial Regex CompassTool();
}
