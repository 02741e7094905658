using System.Globalization;
using Compass.Core;
using Microsoft.Extensions.Options;

namespace Compass.Simulator;

/// <summary>
/// Checks every rule of <see cref="CompassSimulatorOptions"/>: the ranges of <see cref="OptionLimits"/> (the same ones the
/// command line checks) and the rules that are not simple ranges. Each failure names the property and its flag.
/// </summary>
internal sealed class CompassSimulatorOptionsValidator : IValidateOptions<CompassSimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, CompassSimulatorOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Returns one sentence per broken rule; none when the options are valid.</summary>
    public static List<string> Check(CompassSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add("Model (--model) must be set to a catalog model id or alias.");
        }

        if (options.Profile is null && string.IsNullOrWhiteSpace(options.Gpu))
        {
            failures.Add("Gpu (--gpu) must be set to a GPU class, e.g. H100.");
        }

        if (options.ServedModelName is not null && string.IsNullOrWhiteSpace(options.ServedModelName))
        {
            failures.Add("ServedModelName (--served-model-name) must not be blank; leave it null to serve the model's own name.");
        }

        if (options.ApiKey is not null && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add("ApiKey (--api-key) must not be blank; leave it null to need no key.");
        }

        if (string.IsNullOrWhiteSpace(options.UseCase))
        {
            failures.Add("UseCase (--use-case) must be set to a use case id, e.g. chatbot_conversational.");
        }

        Range(failures, OptionLimits.TensorParallel, options.TensorParallel);
        if (options.MaxModelLen is { } maxModelLen)
        {
            Range(failures, OptionLimits.MaxModelLen, maxModelLen);
        }

        Range(failures, OptionLimits.MaxNumSeqs, options.MaxNumSeqs);
        Range(failures, OptionLimits.MaxNumBatchedTokens, options.MaxNumBatchedTokens);
        Range(failures, OptionLimits.GpuMemoryUtilization, options.GpuMemoryUtilization);
        Range(failures, OptionLimits.StartupDelay, options.StartupDelay.TotalSeconds);
        Range(failures, OptionLimits.MaxRequestBodyBytes, options.MaxRequestBodyBytes);
        Range(failures, OptionLimits.FaultRate, options.FaultRate);
        Range(failures, OptionLimits.MaxWaitingRequests, options.MaxWaitingRequests);
        Range(failures, OptionLimits.SlowStart, options.SlowStartDuration.TotalSeconds);
        Range(failures, OptionLimits.SlowStartFactor, options.SlowStartFactor);

        if (options.FaultStatusCodes is null || options.FaultStatusCodes.Count == 0 || options.FaultStatusCodes.Any(c => !OptionLimits.FaultStatusCode.Allows(c)))
        {
            failures.Add("FaultStatusCodes (--fault-status-codes) must hold at least one status code, each in 400-599.");
        }

        if (options.QueueFullStatusCode is not (429 or 503))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"QueueFullStatusCode (--queue-full-status-code) must be 429 or 503; got {options.QueueFullStatusCode}."));
        }

        if (options.Quantization is { Length: > 0 } quantization && !IsQuantization(quantization))
        {
            failures.Add($"Quantization (--quantization) must be one of {string.Join(", ", Quantization.WellKnown)}; got '{SimulatorCommandLine.Shown(quantization)}'.");
        }

        if (!Enum.IsDefined(options.ResponseMode))
        {
            failures.Add("ResponseMode (--response-mode) must be lorem, echo or canned.");
        }

        return failures;
    }

    private static bool IsQuantization(string text)
    {
        try
        {
            Quantization.Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void Range(List<string> failures, NumericLimit limit, double value)
    {
        if (!double.IsFinite(value) || !limit.Allows(value))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{limit.Property} ({limit.Flag}) must be {limit.Describe()}; got {value}."));
        }
    }
}
