using Microsoft.Extensions.Options;

namespace Compass.Planning.Service;

/// <summary>Rejects out-of-range planning options at start-up, with the option's name and the allowed range.</summary>
internal sealed class CompassPlanningOptionsValidator : IValidateOptions<CompassPlanningOptions>
{
    public ValidateOptionsResult Validate(string? name, CompassPlanningOptions options)
    {
        if (options.MaxDegreeOfParallelism is 0 or < -1)
        {
            return ValidateOptionsResult.Fail(
                $"Compass planning options are invalid: {nameof(CompassPlanningOptions.MaxDegreeOfParallelism)} is {options.MaxDegreeOfParallelism}; use -1 for one per processor, or a positive number.");
        }

        try
        {
            options.ToDefaults();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"Compass planning options are invalid: {ex.Message}");
        }
        catch (FormatException ex)
        {
            return ValidateOptionsResult.Fail($"Compass planning options are invalid: {ex.Message}");
        }
    }
}
