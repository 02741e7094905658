namespace Compass.Core;

public sealed partial record TokenDistribution
{
    /// <summary>The shortest prompt or output vLLM's ShareGPT sampler keeps.</summary>
    private const int ShareGptMinTokens = 4;

    /// <summary>The longest prompt vLLM's ShareGPT sampler keeps (and the cap Compass puts on outputs).</summary>
    private const int ShareGptMaxTokens = 1024;

    /// <summary>Gets ShareGPT-like prompt lengths: log-normal, mean 225, standard deviation 225, in [4, 1024] (sources in the remarks).</summary>
    /// <remarks>
    /// <para>
    /// vLLM's <c>benchmark_serving.py</c> / <c>vllm bench serve --dataset-name sharegpt</c> is the most published serving
    /// benchmark. It takes the first user turn and the first reply of <c>ShareGPT_V3_unfiltered_cleaned_split.json</c> and
    /// keeps a pair only when the prompt has 4 to 1,024 tokens, the output at least 4, and both together at most 2,048
    /// (<c>is_valid_sequence</c> in vLLM's <c>benchmarks/benchmark_dataset.py</c>).
    /// </para>
    /// <para>
    /// Means: vLLM PR #18566 (https://github.com/vllm-project/vllm/pull/18566) shows 1,000 ShareGPT requests with
    /// 229,711 prompt and 203,068 generated tokens (229.7 and 203.1 per request, Llama-3.1-8B-Instruct tokenizer); other
    /// published 1,000-prompt runs of <c>benchmark_serving.py</c> on ShareGPT_V3 report 215–231 prompt and 194–203 output
    /// tokens per request, the spread coming from the tokenizer and the seed. Compass uses 225 and 200.
    /// </para>
    /// <para>
    /// The shape is an assumption, not a published figure: a log-normal (heavy right tail) with the standard deviation equal to
    /// the mean (median ≈ 0.71 × mean: about 159 prompt and 141 output tokens), clamped to vLLM's filter bounds. Outputs are
    /// capped at 1,024 so that every pair stays within the 2,048-token total. For a measured fit of your own traffic, use
    /// <c>lognormal:MEAN,STDEV,MIN,MAX</c> or <c>empirical:…</c> instead.
    /// </para>
    /// </remarks>
    public static TokenDistribution ShareGptPrompts { get; } = LogNormal(225, 225, ShareGptMinTokens, ShareGptMaxTokens);

    /// <summary>Gets ShareGPT-like output lengths: log-normal, mean 200, standard deviation 200, in [4, 1024] (see <see cref="ShareGptPrompts"/> for the sources).</summary>
    public static TokenDistribution ShareGptOutputs { get; } = LogNormal(200, 200, ShareGptMinTokens, ShareGptMaxTokens);

    /// <summary>The ShareGPT distribution for a role, for <c>sharegpt</c> (role given), <c>sharegpt-prompt</c> or <c>sharegpt-output</c>.</summary>
    private static TokenDistribution? Named(string name, TokenLengthRole? role) => name switch
    {
        "sharegpt-prompt" or "sharegpt-input" => ShareGptPrompts,
        "sharegpt-output" => ShareGptOutputs,
        "sharegpt" => role switch
        {
            TokenLengthRole.Prompt => ShareGptPrompts,
            TokenLengthRole.Output => ShareGptOutputs,
            _ => throw new FormatException("'sharegpt' names different prompt and output distributions here; use sharegpt-prompt or sharegpt-output."),
        },
        _ => null,
    };
}
