using System.Globalization;
using Compass.Core;
using Microsoft.Extensions.Options;

namespace Compass.Simulator;

/// <summary>
/// Checks every rule of <see cref="CompassSimulatorOptions"/>: the ranges of <see cref="OptionLimits"/> and the rules that
/// are not simple ranges. Each failure names the property; the simulator process names the flag or variable instead.
/// </summary>
internal sealed class CompassSimulatorOptionsValidator : IValidateOptions<CompassSimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, CompassSimulatorOptions options)
    {
        var problems = Check(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToString()));
    }

    /// <summary>Returns one problem per broken rule; none when the options are valid.</summary>
    public static List<OptionProblem> Check(CompassSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<OptionProblem>();
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            problems.Add(new(nameof(options.Model), "must be set to a catalog model id or alias"));
        }

        if (options.Profile is null && string.IsNullOrWhiteSpace(options.Gpu))
        {
            problems.Add(new(nameof(options.Gpu), "must be set to a GPU class, e.g. H100"));
        }

        if (options.ServedModelName is not null && string.IsNullOrWhiteSpace(options.ServedModelName))
        {
            problems.Add(new(nameof(options.ServedModelName), "must not be blank; leave it null to serve the model's own name"));
        }

        if (options.ApiKey is not null && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            problems.Add(new(nameof(options.ApiKey), "must not be blank; leave it null to need no key"));
        }

        if (string.IsNullOrWhiteSpace(options.UseCase))
        {
            problems.Add(new(nameof(options.UseCase), "must be set to a use case id, e.g. chatbot_conversational"));
        }

        Range(problems, OptionLimits.TensorParallel, options.TensorParallel);
        if (options.MaxModelLen is { } maxModelLen)
        {
            Range(problems, OptionLimits.MaxModelLen, maxModelLen);
        }

        Range(problems, OptionLimits.MaxNumSeqs, options.MaxNumSeqs);
        Range(problems, OptionLimits.MaxNumBatchedTokens, options.MaxNumBatchedTokens);
        Range(problems, OptionLimits.GpuMemoryUtilization, options.GpuMemoryUtilization);
        Range(problems, OptionLimits.StartupDelay, options.StartupDelay.TotalSeconds);
        Range(problems, OptionLimits.MaxRequestBodyBytes, options.MaxRequestBodyBytes);
        Range(problems, OptionLimits.FaultRate, options.FaultRate);
        Range(problems, OptionLimits.MaxWaitingRequests, options.MaxWaitingRequests);
        Range(problems, OptionLimits.SlowStart, options.SlowStartDuration.TotalSeconds);
        Range(problems, OptionLimits.SlowStartFactor, options.SlowStartFactor);

        if (options.FaultStatusCodes is null || options.FaultStatusCodes.Count == 0 || options.FaultStatusCodes.Any(c => !OptionLimits.FaultStatusCode.Allows(c)))
        {
            problems.Add(new(nameof(options.FaultStatusCodes), "must hold at least one status code, each in 400-599",
                options.FaultStatusCodes is null ? null : string.Join(',', options.FaultStatusCodes.Select(c => c.ToString(CultureInfo.InvariantCulture)))));
        }

        if (options.QueueFullStatusCode is not (429 or 503))
        {
            problems.Add(new(nameof(options.QueueFullStatusCode), "must be 429 or 503", options.QueueFullStatusCode.ToString(CultureInfo.InvariantCulture)));
        }

        if (options.Quantization is { Length: > 0 } quantization && !IsQuantization(quantization))
        {
            problems.Add(new(nameof(options.Quantization), $"must be one of {string.Join(", ", Quantization.WellKnown)}", $"'{Quoted.Shown(quantization)}'"));
        }

        if (!Enum.IsDefined(options.ResponseMode))
        {
            problems.Add(new(nameof(options.ResponseMode), "must be lorem, echo or canned", options.ResponseMode.ToString()));
        }

        return problems;
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

    private static void Range(List<OptionProblem> problems, NumericLimit limit, double value)
    {
        if (!double.IsFinite(value) || !limit.Allows(value))
        {
            problems.Add(new(limit.Property, "must be " + limit.Describe(), value.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
