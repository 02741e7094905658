using Microsoft.Extensions.Options;

namespace Compass.Ai;

/// <summary>Rejects out-of-range LLM extractor options at start-up, with the option's name and the allowed range.</summary>
internal sealed class LlmExtractorOptionsValidator : IValidateOptions<LlmExtractorOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmExtractorOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"Compass LLM extractor options are invalid: {ex.Message}");
        }
    }
}
