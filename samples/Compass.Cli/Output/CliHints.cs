using System.Collections.Frozen;
using Compass.Core;

namespace Compass.Cli.Output;

/// <summary>The library names the field a note can be resolved by; on the command line that is a flag.</summary>
internal static class CliHints
{
    private static readonly FrozenDictionary<string, string> Flags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [IntentFields.UseCase] = "--use-case",
        [IntentFields.UserCount] = "--users",
        [IntentFields.ExpectedQps] = "--qps",
        [IntentFields.PreferredGpuTypes] = "--gpu",
        [IntentFields.PreferredModels] = "--model",
        [IntentFields.MaxMonthlyCostUsd] = "--budget",
        [IntentFields.DeploymentModel] = "--deployment",
        [IntentFields.AdditionalModels] = "--model-config",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Gets the extraction's notes, each one a hint goes with followed by the flag that sets its field.</summary>
    public static IEnumerable<string> Notes(IntentExtraction extraction)
        => extraction.Notes.Select(note => extraction.Hints.FirstOrDefault(h => h.Note == note) is { } hint && Flags.TryGetValue(hint.Field, out var flag)
            ? $"{note} (Pass {flag}.)"
            : note);
}
