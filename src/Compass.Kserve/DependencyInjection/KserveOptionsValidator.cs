using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Validates <see cref="KserveOptions"/> at start-up with the same rules as <see cref="Compass.Kserve.Manifests.ManifestOptions.Validate"/>.</summary>
internal sealed class KserveOptionsValidator : IValidateOptions<KserveOptions>
{
    public ValidateOptionsResult Validate(string? name, KserveOptions options)
    {
        if (options.Manifests is null)
        {
            return ValidateOptionsResult.Fail("KserveOptions.Manifests must not be null.");
        }

        try
        {
            options.Manifests.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
