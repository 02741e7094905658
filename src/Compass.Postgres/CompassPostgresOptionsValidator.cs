using Microsoft.Extensions.Options;

namespace Compass.Postgres;

/// <summary>Validates <see cref="CompassPostgresOptions"/> at start-up.</summary>
internal sealed class CompassPostgresOptionsValidator : IValidateOptions<CompassPostgresOptions>
{
    public ValidateOptionsResult Validate(string? name, CompassPostgresOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
