using System.Globalization;
using System.Text;

namespace Compass.Testing;

/// <summary>
/// A generated points CSV of many rows for the import tests and benchmark (linked into both): 100 runs (model, GPU, TP,
/// profile) with rows/100 request rates each, every latency column but the p50s filled.
/// </summary>
internal static class GeneratedPointsCsv
{
    public static string Create(int rows)
    {
        var text = new StringBuilder(rows * 120);
        text.Append("model,gpu,tensor_parallel,prompt_tokens,output_tokens,request_rate,achieved_rate,output_tokens_per_second,ttft_mean,ttft_p90,ttft_p95,ttft_p99,itl_mean,itl_p90,itl_p95,itl_p99,e2e_mean,e2e_p90,e2e_p95,e2e_p99\n");
        string[] models = ["meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen2.5-7B-Instruct"];
        string[] gpus = ["H100", "A100-80", "L40S", "H200", "L4"];
        for (var i = 0; i < rows; i++)
        {
            var run = i % 100;
            var rate = 0.01 * ((i / 100) + 1);
            text.Append(CultureInfo.InvariantCulture,
                $"{models[run % 2]},{gpus[run / 2 % 5]},{1 << (run / 10 % 3)},{128 * ((run / 10) + 1)},256,{rate},{rate * 0.99},{rate * 250},40,50,55,60,9,10,11,12,2500,2600,2700,2800\n");
        }

        return text.ToString();
    }
}
