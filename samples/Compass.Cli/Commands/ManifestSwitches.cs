using System.CommandLine;
using Compass.Cli.Parsing;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Kserve.Manifests;
using Compass.Kserve.Validation;

namespace Compass.Cli.Commands;

/// <summary>The options that shape KServe/vLLM manifests, shared by <c>compass generate</c> and <c>compass plan --out</c>.</summary>
internal sealed class ManifestSwitches
{
    public Option<string?> Out { get; } = CliOptions.Text("out", "write one file per object plus kustomization.yaml to DIR (default: print the YAML)", "DIR");

    public Option<string?> Namespace { get; } = CliOptions.Text("namespace", "the namespace (default 'default')", "NS");

    public Option<string?> Name { get; } = CliOptions.Text("name", "the name of the objects (default: derived from the model)", "NAME");

    public Option<bool> Simulator { get; } = CliOptions.Flag("simulator", "run the Compass simulator instead of vLLM: no GPUs, for a CPU cluster");

    public Option<string?> Image { get; } = CliOptions.Text("image", "the vLLM image, by tag or repo@sha256:DIGEST (default vllm/vllm-openai:v0.10.2, vllm/vllm-openai-rocm:v0.14.0 on AMD GPUs)", "IMAGE");

    public Option<int?> RunAsUser { get; } = CliOptions.Int("run-as-user", 1, int.MaxValue, "run vLLM as this non-root user id (the official images run as root)", "UID");

    public Option<bool> ImageRunsAsNonRoot { get; } = CliOptions.Flag("image-runs-as-non-root", "the image already runs as a non-root user: set runAsNonRoot");

    public Option<IReadOnlyList<string>> AllowFrom { get; } = CliOptions.List("allow-from", "add a NetworkPolicy admitting traffic only from these namespaces (the gateway)", "NS[,NS]");

    public Option<IReadOnlyList<string>> MetricsFrom { get; } = CliOptions.List("metrics-from", "with --allow-from, the namespaces Prometheus scrapes from (default monitoring)", "NS[,NS]");

    public Option<string?> SimulatorImage { get; } = CliOptions.Text("simulator-image", "the simulator image (default ghcr.io/compass/simulator:0.1.0)", "IMAGE");

    public Option<string?> HfSecret { get; } = CliOptions.Text("hf-secret", "the Secret holding the Hugging Face token (default hf-token, key 'token')", "NAME");

    public Option<bool> Force { get; } = CliOptions.Flag("force", "replace files Compass wrote to DIR earlier even if they were edited since");

    public Option<TimeSpan?> AlertFor { get; } = CliOptions.Duration("alert-for", MonitoringOptions.MinimumAlertFor, MonitoringOptions.MaximumDuration, "how long an SLO alert's condition must hold before it fires, e.g. 10m (default 5m)");

    public Option<TimeSpan?> AlertWindow { get; } = CliOptions.Duration("alert-window", MonitoringOptions.MinimumRateWindow, MonitoringOptions.MaximumDuration, "the rate() window of the alerts and the dashboard, at least two scrape intervals (default 5m)");

    public Option<string?> RunbookUrl { get; } = CliOptions.Text("runbook-url", "where runbook.md will be published (each alert's runbook_url links its section); default: runbook.md beside the manifests", "URL");

    private IEnumerable<Option> All => [Out, Namespace, Name, Simulator, Image, RunAsUser, ImageRunsAsNonRoot, AllowFrom, MetricsFrom, SimulatorImage, HfSecret, AlertFor, AlertWindow, RunbookUrl, Force];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Checks the manifest options and the --out folder before any work is done or printed.</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="needsOut">Whether the options only apply with --out (compass plan).</param>
    public void Check(ParseResult result, bool needsOut)
    {
        if (result.GetValue(Out) is not { } directory)
        {
            if (needsOut && All.FirstOrDefault(o => o != Out && result.GetResult(o) is { Implicit: false }) is { } stray)
            {
                throw new CliException($"{stray.Name} only applies with --out DIR.");
            }

            if (result.GetValue(Force))
            {
                throw new CliException("--force only applies with --out DIR.");
            }

            return;
        }

        try
        {
            ManifestWriter.CheckTarget(directory, result.GetValue(Force));
        }
        catch (IOException ex)
        {
            throw new CliException(OutError(ex));
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException($"--out '{directory}': {ex.Message}");
        }
    }

    // The writer says when writing with force would replace what stopped it; here that is --force.
    private static string OutError(IOException ex)
        => ex is ManifestOutputException { ForceReplaces: true } ? $"--out: {ex.Message} (Pass --force to replace them.)" : $"--out: {ex.Message}";

    /// <summary>Generates the manifests for one recommendation and prints or writes them.</summary>
    public async Task<int> WriteAsync(Plan plan, int rank, ParseResult result, TextWriter stdout, KnowledgeCatalog catalog, CancellationToken cancellationToken)
    {
        if (plan.Recommendations.IsEmpty)
        {
            throw new CliException("The plan has no recommendation to deploy (no configuration met the SLOs).", ExitCodes.NoFeasiblePlan);
        }

        var recommendation = plan.Recommendations.FirstOrDefault(r => r.Rank == rank)
            ?? throw new CliException($"--rank {rank}: the plan has recommendations ranked {string.Join(", ", plan.Recommendations.Select(r => r.Rank))}.");
        var defaults = new ManifestOptions();
        var options = defaults with
        {
            Namespace = result.GetValue(Namespace) ?? defaults.Namespace,
            Name = result.GetValue(Name),
            Simulator = result.GetValue(Simulator),
            VllmImage = result.GetValue(Image) ?? defaults.VllmImage,
            VllmRunAsUser = result.GetValue(RunAsUser),
            VllmImageRunsAsNonRoot = result.GetValue(ImageRunsAsNonRoot),
            NetworkPolicy = NetworkPolicy(result),
            SimulatorImage = result.GetValue(SimulatorImage) ?? defaults.SimulatorImage,
            HuggingFaceTokenSecret = result.GetValue(HfSecret) ?? defaults.HuggingFaceTokenSecret,
            Monitoring = Monitoring(result, new AlertmanagerOptions()),
        };

        ManifestSet set;
        try
        {
            set = new ManifestGenerator(catalog).Generate(plan, recommendation, options);
        }
        catch (ManifestValidationException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Failure);
        }

        if (result.GetValue(Out) is not { } directory)
        {
            await stdout.WriteAsync(set.ToYaml()).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        ManifestWriteResult written;
        try
        {
            written = await new ManifestWriter().WriteAsync(set, directory, result.GetValue(Force), cancellationToken).ConfigureAwait(false);
        }
        catch (ManifestValidationException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Failure);
        }
        catch (ManifestOutputException ex)
        {
            throw new CliException(OutError(ex));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--out '{directory}': {ex.Message} Nothing was changed.", ExitCodes.Failure);
        }

        var s = set.Settings;
        await stdout.WriteLineAsync($"Manifests for #{set.Rank} {s.ServedModelName} ({s.MinReplicas}-{s.MaxReplicas} replica(s) × {s.TensorParallel} {recommendation.Gpu}{(s.Simulator ? ", simulator" : string.Empty)}) in namespace {s.Namespace}, validated:").ConfigureAwait(false);
        foreach (var file in written.Written)
        {
            await stdout.WriteLineAsync("  " + file).ConfigureAwait(false);
        }

        foreach (var file in written.Removed)
        {
            await stdout.WriteLineAsync($"  removed {file} (written by Compass earlier; the new set has no such object)").ConfigureAwait(false);
        }

        foreach (var note in set.Notes)
        {
            await stdout.WriteLineAsync("  note: " + note).ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"Deploy with: compass deploy --dir {directory}  (or kubectl apply -k {directory})").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>The alerts' timing and runbook address from the command line, with the given receivers; checked here so a bad value names its option.</summary>
    public MonitoringOptions Monitoring(ParseResult result, AlertmanagerOptions alertmanager)
    {
        var defaults = new MonitoringOptions();
        Uri? runbook = null;
        if (result.GetValue(RunbookUrl) is { } text && !Uri.TryCreate(text.Trim(), UriKind.Absolute, out runbook))
        {
            throw new CliException($"--runbook-url must be an absolute http(s) URL, e.g. https://wiki.example.com/llm/runbook (got '{text}').");
        }

        var options = defaults with
        {
            AlertFor = result.GetValue(AlertFor) ?? defaults.AlertFor,
            RateWindow = result.GetValue(AlertWindow) ?? defaults.RateWindow,
            RunbookUrl = runbook,
            Alertmanager = alertmanager,
        };
        try
        {
            // The receivers are checked where they are built; here only what these options set.
            (options with { Alertmanager = defaults.Alertmanager }).Validate();
        }
        catch (ArgumentException ex) when (ex.ParamName is nameof(MonitoringOptions.RunbookUrl) or nameof(MonitoringOptions.AlertFor) or nameof(MonitoringOptions.RateWindow))
        {
            var flag = ex.ParamName switch
            {
                nameof(MonitoringOptions.RunbookUrl) => "--runbook-url",
                nameof(MonitoringOptions.AlertFor) => "--alert-for",
                _ => "--alert-window",
            };
            throw new CliException($"{flag}: {ex.Message.Split(" (Parameter '", 2)[0]}");
        }

        return options;
    }

    private NetworkPolicyOptions? NetworkPolicy(ParseResult result)
    {
        var gateways = result.GetValue(AllowFrom) ?? [];
        var monitoring = result.GetValue(MetricsFrom) ?? [];
        if (gateways.Count == 0)
        {
            return monitoring.Count == 0 ? null : throw new CliException("--metrics-from shapes the NetworkPolicy that --allow-from adds; give --allow-from too.");
        }

        var defaults = new NetworkPolicyOptions();
        return defaults with
        {
            GatewayNamespaces = [.. gateways],
            MonitoringNamespaces = monitoring.Count > 0 ? [.. monitoring] : defaults.MonitoringNamespaces,
        };
    }
}
