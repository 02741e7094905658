namespace Compass.Ai;

/// <summary>
/// Settings of <see cref="LlmIntentExtractor"/>, bound from configuration (section <c>Compass:Ai</c> by convention).
/// The bounds are part of the prompt-injection defence: a value outside them is dropped, whatever the text asked for.
/// </summary>
public sealed class LlmExtractorOptions
{
    /// <summary>The Ollama model used when none is given: a 7B instruct model that runs on a laptop.</summary>
    public const string DefaultOllamaModel = "qwen2.5:7b";

    /// <summary>
    /// Gets or sets the model to ask for (sent as <c>ChatOptions.ModelId</c>); <see langword="null"/> to use the chat
    /// client's default model. The extractor reports itself as <c>llm:&lt;model&gt;</c>.
    /// </summary>
    public string? ModelName { get; set; }

    /// <summary>
    /// Gets or sets how long one extraction may wait for the LLM (default 30 s). When it runs out the extraction falls
    /// back to the deterministic extractor with a note; it never fails.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how structured output is requested (default: the JSON schema).</summary>
    public LlmResponseFormat ResponseFormat { get; set; } = LlmResponseFormat.JsonSchema;

    /// <summary>Gets or sets whether the answer is streamed (default off; the result is the same).</summary>
    public bool UseStreaming { get; set; }

    /// <summary>Gets or sets the sampling temperature (default 0, for repeatable answers); <see langword="null"/> for the server's default.</summary>
    public float? Temperature { get; set; } = 0f;

    /// <summary>Gets or sets the most tokens the LLM may generate (default 1,024; an intent takes about 200).</summary>
    public int? MaxOutputTokens { get; set; } = 1024;

    /// <summary>
    /// Gets or sets whether fields the LLM left out but the deterministic extractor read from an explicit phrase are
    /// taken from the deterministic reading (default on). Values the LLM gave are never replaced.
    /// </summary>
    public bool MergeDeterministic { get; set; } = true;

    /// <summary>Gets or sets the most users accepted from the LLM (default 100,000,000); larger counts are dropped with a note.</summary>
    public int MaxUserCount { get; set; } = 100_000_000;

    /// <summary>Gets or sets the highest request rate accepted from the LLM, in requests per second (default 100,000).</summary>
    public double MaxExpectedQps { get; set; } = 100_000;

    /// <summary>Gets or sets the largest monthly budget accepted from the LLM, in USD (default 100,000,000).</summary>
    public double MaxMonthlyCostUsd { get; set; } = 100_000_000;

    /// <summary>Gets or sets the most GPU or model names read from one answer (default 16); the rest are dropped with a note.</summary>
    public int MaxListItems { get; set; } = 16;

    /// <summary>Gets or sets how many of the latest earlier conversation turns are sent as context (default 10).</summary>
    public int MaxHistoryTurns { get; set; } = 10;

    /// <summary>Gets or sets the longest answer read, in characters (default 32,768); a longer one is cut before it is parsed.</summary>
    public int MaxAnswerLength { get; set; } = 32_768;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and the allowed range.</exception>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        Check(Timeout > TimeSpan.Zero && Timeout <= TimeSpan.FromHours(1), $"{nameof(Timeout)} must be greater than zero and at most one hour (got {Timeout}).");
        Check(Enum.IsDefined(ResponseFormat), $"{nameof(ResponseFormat)} must be {nameof(LlmResponseFormat.JsonSchema)} or {nameof(LlmResponseFormat.Json)}.");
        Check(Temperature is null || (float.IsFinite(Temperature.Value) && Temperature >= 0 && Temperature <= 2), $"{nameof(Temperature)} must be in [0, 2] (got {Temperature}).");
        Check(MaxOutputTokens is null or > 0, $"{nameof(MaxOutputTokens)} must be positive (got {MaxOutputTokens}).");
        Check(MaxUserCount >= 1, $"{nameof(MaxUserCount)} must be at least 1 (got {MaxUserCount}).");
        Check(double.IsFinite(MaxExpectedQps) && MaxExpectedQps > 0, $"{nameof(MaxExpectedQps)} must be a finite number greater than zero (got {MaxExpectedQps}).");
        Check(double.IsFinite(MaxMonthlyCostUsd) && MaxMonthlyCostUsd > 0, $"{nameof(MaxMonthlyCostUsd)} must be a finite number greater than zero (got {MaxMonthlyCostUsd}).");
        Check(MaxListItems >= 1, $"{nameof(MaxListItems)} must be at least 1 (got {MaxListItems}).");
        Check(MaxHistoryTurns >= 0, $"{nameof(MaxHistoryTurns)} must be zero or more (got {MaxHistoryTurns}).");
        Check(MaxAnswerLength >= 256, $"{nameof(MaxAnswerLength)} must be at least 256 (got {MaxAnswerLength}).");
        Check(ModelName is null || !string.IsNullOrWhiteSpace(ModelName), $"{nameof(ModelName)} must not be blank; leave it null for the chat client's default.");
    }

    /// <summary>Returns a copy, so that later changes to this instance do not reach an extractor built from it.</summary>
    /// <returns>The copy.</returns>
    internal LlmExtractorOptions Copy() => (LlmExtractorOptions)MemberwiseClone();
}
