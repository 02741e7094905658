using Microsoft.Extensions.Options;

namespace Compass.Simulator;

/// <summary>Checks the rules of <see cref="CompassSimulatorOptions"/> that span several properties or are not simple ranges.</summary>
internal sealed class CompassSimulatorOptionsValidator : IValidateOptions<CompassSimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, CompassSimulatorOptions options)
    {
        var failures = new List<string>();
        if (options.StartupDelay < TimeSpan.Zero)
        {
            failures.Add("StartupDelay must not be negative.");
        }

        if (options.SlowStartDuration < TimeSpan.Zero)
        {
            failures.Add("SlowStartDuration must not be negative.");
        }

        if (options.FaultStatusCodes is null || options.FaultStatusCodes.Count == 0 || options.FaultStatusCodes.Any(c => c is < 400 or > 599))
        {
            failures.Add("FaultStatusCodes must hold at least one status code, each in 400–599.");
        }

        if (options.QueueFullStatusCode is not (429 or 503))
        {
            failures.Add("QueueFullStatusCode must be 429 or 503.");
        }

        if (options.KvCacheDtype is not ("auto" or "fp8" or "fp8_e4m3" or "fp8_e5m2" or "bf16" or "fp16"))
        {
            failures.Add($"KvCacheDtype '{options.KvCacheDtype}' is not one of auto, fp8, fp8_e4m3, fp8_e5m2, bf16, fp16.");
        }

        if (string.IsNullOrWhiteSpace(options.EffectiveModelName))
        {
            failures.Add("Model (or ServedModelName) must be set.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
