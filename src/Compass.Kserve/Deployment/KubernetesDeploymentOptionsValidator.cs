using Microsoft.Extensions.Options;

namespace Compass.Kserve.Deployment;

/// <summary>Rejects invalid <see cref="KubernetesDeploymentOptions"/> at start-up.</summary>
internal sealed class KubernetesDeploymentOptionsValidator : IValidateOptions<KubernetesDeploymentOptions>
{
    public ValidateOptionsResult Validate(string? name, KubernetesDeploymentOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"Compass Kubernetes options are invalid: {ex.Message}");
        }
    }
}
