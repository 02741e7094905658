using System.Collections.Frozen;
using Compass.Core;
using Compass.Kserve.Deployment;
using Compass.Postgres;
using Compass.Postgres.Health;
using Compass.Postgres.Imports;

namespace Compass.Cli.Output;

/// <summary>
/// The libraries name the field, option or operation that resolves a note or an error; on the command line that is a
/// flag or a command, which these append.
/// </summary>
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
        [IntentFields.LatencyPriority] = "--latency-priority",
        [IntentFields.CostPriority] = "--cost-priority",
        [IntentFields.AccuracyPriority] = "--accuracy-priority",
        [IntentFields.PromptTokens] = "--prompt-tokens",
        [IntentFields.OutputTokens] = "--output-tokens",
        [IntentFields.TtftMs] = "--ttft",
        [IntentFields.ItlMs] = "--itl",
        [IntentFields.E2eMs] = "--e2e",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // The ImportOptions properties, as compass db import's flags.
    private static readonly FrozenDictionary<string, string> ImportFlags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(ImportOptions.Format)] = "--format",
        [nameof(ImportOptions.Model)] = "--model",
        [nameof(ImportOptions.Quantization)] = "--quantization",
        [nameof(ImportOptions.Gpu)] = "--gpu",
        [nameof(ImportOptions.TensorParallel)] = "--tp",
        [nameof(ImportOptions.Provenance)] = "--provenance",
        [nameof(ImportOptions.Engine)] = "--engine",
        [nameof(ImportOptions.EngineVersion)] = "--engine-version",
        [nameof(ImportOptions.Source)] = "--source",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // The DeploymentRequest and KubernetesDeploymentOptions properties, as the cluster commands' flags.
    private static readonly FrozenDictionary<string, string> DeploymentFlags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(DeploymentRequest.Namespace)] = "check --namespace; compass list shows the Compass deployments",
        [nameof(DeploymentRequest.CreateNamespace)] = "pass --create-namespace",
        [nameof(DeploymentRequest.Name)] = "pass --name",
        [nameof(DeploymentRequest.Force)] = "pass --force",
        [nameof(KubernetesDeploymentOptions.KubeconfigPath)] = "pass --kubeconfig PATH",
        [nameof(KubernetesDeploymentOptions.Context)] = "pass --context",
        [nameof(KubernetesDeploymentOptions.ReadyTimeout)] = "compass status shows where it stands; pass a longer --timeout to wait longer",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Gets the extraction's notes, each one hints go with followed by the flags that set their fields.</summary>
    public static IEnumerable<string> Notes(IntentExtraction extraction)
        => extraction.Notes.Select(note => WithFlags(note, extraction.Hints.Where(h => h.Note == note).Select(h => h.Field)));

    /// <summary>Gets an intent error's message followed by the flags that set the fields that fix it, on one line.</summary>
    public static string Message(IntentValueException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return WithFlags(exception.Message.Split(" (Parameter '", 2)[0].ReplaceLineEndings(" "), exception.Fields);
    }

    // "--users" for one field, "--users or --qps" for two, "--gpu, --model or --budget" for more; fields without a flag are left out.
    private static string WithFlags(string note, IEnumerable<string> fields)
    {
        var flags = fields.Select(f => Flags.GetValueOrDefault(f)).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        return flags.Length switch
        {
            0 => note,
            1 => $"{note} (Pass {flags[0]}.)",
            _ => $"{note} (Pass {string.Join(", ", flags[..^1])} or {flags[^1]}.)",
        };
    }

    /// <summary>Gets the import's notes, each one a hint goes with followed by the flag that sets its option.</summary>
    public static IEnumerable<string> Notes(ImportResult result)
        => result.Notes.Select(note => result.Hints.FirstOrDefault(h => h.Note == note) is { } hint && ImportFlags.TryGetValue(hint.Option, out var flag)
            ? $"{note} (Pass {flag}.)"
            : note);

    /// <summary>Gets a knowledge-base error's message followed by the flag or command that fixes it, on one line.</summary>
    public static string Message(CompassDatabaseException exception)
    {
        var fixes = new List<string>();
        if (exception is ImportException { Option: { } option } && ImportFlags.TryGetValue(option, out var flag))
        {
            fixes.Add($"pass {flag}");
        }

        if (exception.Remedy is { } remedy)
        {
            fixes.Add(Command(remedy));
        }

        var message = exception.Message.ReplaceLineEndings(" ");
        return fixes.Count == 0 ? message : $"{message} ({Capitalized(string.Join("; ", fixes))}.)";
    }

    /// <summary>Gets a deployment error's message followed by the flag that fixes it, on one line.</summary>
    public static string Message(DeploymentException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message.ReplaceLineEndings(" ");
        return exception.Setting is { } setting && DeploymentFlags.TryGetValue(setting, out var fix) ? $"{message} ({Capitalized(fix)}.)" : message;
    }

    /// <summary>Gets a health finding's message followed by the commands that fix it.</summary>
    public static string Message(HealthFinding finding)
        => finding.Remedies.Count == 0 ? finding.Message : $"{finding.Message} ({Capitalized(string.Join("; ", finding.Remedies.Select(Command)))}.)";

    /// <summary>Says how to do <paramref name="remedy"/> with this command line.</summary>
    public static string Command(KnowledgeRemedy remedy)
    {
        ArgumentNullException.ThrowIfNull(remedy);
        var gpu = remedy.Gpu ?? "GPU";
        return remedy.Action switch
        {
            KnowledgeAction.Initialize => "run: compass db init --kb <connection>",
            KnowledgeAction.CheckConnection => $"check --kb or {PostgresConnectionString.EnvironmentVariable}",
            KnowledgeAction.ImportBenchmarks => remedy.Model is null
                ? $"run: compass db import FILE --gpu {gpu}"
                : $"run: compass db import FILE --model {remedy.Model} --gpu {gpu}{(remedy.Gpu is null ? " --tp N" : string.Empty)}",
            KnowledgeAction.ImportPrices => "run: compass db import prices.csv",
            KnowledgeAction.RecordOutcomes => "run: compass validate --url URL --plan plan.json --kb <connection>",
            KnowledgeAction.Calibrate => $"run: compass calibrate --gpu {gpu} --kb <connection>",
            KnowledgeAction.SavePlan => "run: compass plan … --save NAME --kb <connection>",
            _ => remedy.Action.ToString(),
        };
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
