using Microsoft.Extensions.Options;

namespace Compass.Observability.LoadTesting;

/// <summary>Rejects invalid <see cref="LoadTesterOptions"/> at start-up.</summary>
internal sealed class LoadTesterOptionsValidator : IValidateOptions<LoadTesterOptions>
{
    public ValidateOptionsResult Validate(string? name, LoadTesterOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"Compass load-testing options are invalid: {ex.Message}");
        }
    }
}
