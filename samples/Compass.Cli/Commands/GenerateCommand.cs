using Compass.Core.Serialization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Kserve.Manifests;
using Compass.Kserve.Validation;

namespace Compass.Cli.Commands;

/// <summary><c>compass generate --plan plan.json</c>: KServe/vLLM manifests for a saved plan.</summary>
internal static class GenerateCommand
{
    public const string Usage = """
        Usage: compass generate --plan plan.json [options]

        Writes Kubernetes manifests for one recommendation of a plan saved with 'compass plan ... --json > plan.json':
        a KServe InferenceService running vLLM, a KEDA ScaledObject, a ServiceMonitor, a PrometheusRule with the
        plan's SLO alerts, a Grafana dashboard ConfigMap and a PodDisruptionBudget, each validated against its schema.

        Options:
          --plan FILE            the plan (the output of 'compass plan --json')
          --rank N               the recommendation to deploy (default 1)
          --out DIR              write one file per object plus kustomization.yaml to DIR (default: print the YAML)
          --namespace NS         the namespace (default 'default')
          --name NAME            the name of the objects (default: derived from the model)
          --simulator            run the Compass simulator instead of vLLM: no GPUs, for a CPU cluster
          --image IMAGE          the vLLM image, by tag or repo@sha256:DIGEST (default vllm/vllm-openai:v0.10.2,
                                 vllm/vllm-openai-rocm:v0.14.0 on AMD GPUs)
          --run-as-user UID      run vLLM as this non-root user id (the official images run as root)
          --image-runs-as-non-root   the image already runs as a non-root user: set runAsNonRoot
          --allow-from NS[,NS]   add a NetworkPolicy admitting traffic only from these namespaces (the gateway)
          --metrics-from NS[,NS] with --allow-from, the namespaces Prometheus scrapes from (default monitoring)
          --simulator-image IMAGE   the simulator image (default ghcr.io/compass/simulator:0.1.0)
          --hf-secret NAME       the Secret holding the Hugging Face token (default hf-token, key 'token')
          --force                replace files Compass wrote to DIR earlier even if they were edited since

        DIR must be new, empty, or a folder Compass wrote before. There Compass replaces only the files it recorded
        in DIR/.compass-manifests (and removes recorded files the new set no longer has); it never touches other
        files, and it refuses the file-system root, home folders, the current folder and its parents.
        """;

    /// <summary>The options that shape the manifests, shared with <c>compass plan --out</c>.</summary>
    public static readonly string[] ManifestOptions = ["out", "namespace", "name", "image", "simulator-image", "hf-secret", "run-as-user", "allow-from", "metrics-from"];

    /// <summary>The flags that shape the manifests, shared with <c>compass plan --out</c>.</summary>
    public static readonly string[] ManifestFlags = ["simulator", "force", "image-runs-as-non-root"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, KnowledgeCatalog catalog, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("generate", args, [.. ManifestOptions, "plan", "rank"], ManifestFlags);
        if (line.Positionals.Count > 0)
        {
            throw new CliException($"'compass generate' takes no positional arguments (got '{line.Positionals[0]}'). Example: compass generate --plan plan.json --out manifests/");
        }

        CheckOutput(line);
        var path = line.Get("plan") ?? throw new CliException("Give the plan: compass generate --plan plan.json (save one with 'compass plan ... --json > plan.json').");
        Plan plan;
        try
        {
            plan = await PlanFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot read --plan '{path}': {ex.Message}");
        }
        catch (FormatException ex)
        {
            throw new CliException($"--plan '{path}': {ex.Message}");
        }

        return await WriteAsync(plan, line.GetInt("rank", 1, 1000) ?? 1, line, stdout, catalog, cancellationToken).ConfigureAwait(false);
    }

    private static NetworkPolicyOptions? NetworkPolicy(CommandLine line)
    {
        var gateways = line.GetList("allow-from");
        var monitoring = line.GetList("metrics-from");
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

    /// <summary>Checks the manifest options and the --out folder before any work is done or printed.</summary>
    public static void CheckOutput(CommandLine line)
    {
        if (line.Get("out") is not { } directory)
        {
            if (line.Command == "plan" && ManifestOptions.Concat(ManifestFlags).FirstOrDefault(line.Has) is { } stray)
            {
                throw new CliException($"--{stray} only applies with --out DIR.");
            }

            if (line.Has("force"))
            {
                throw new CliException("--force only applies with --out DIR.");
            }

            return;
        }

        try
        {
            ManifestWriter.CheckTarget(directory, line.Has("force"));
        }
        catch (IOException ex)
        {
            throw new CliException($"--out: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException($"--out '{directory}': {ex.Message}");
        }
    }

    /// <summary>Generates the manifests for one recommendation and prints or writes them.</summary>
    public static async Task<int> WriteAsync(Plan plan, int rank, CommandLine line, TextWriter stdout, KnowledgeCatalog catalog, CancellationToken cancellationToken)
    {
        if (plan.Recommendations.IsEmpty)
        {
            throw new CliException("The plan has no recommendation to deploy (no configuration met the SLOs).", ExitCodes.NoFeasiblePlan);
        }

        var recommendation = plan.Recommendations.FirstOrDefault(r => r.Rank == rank)
            ?? throw new CliException($"--rank {rank}: the plan has recommendations {plan.Recommendations.Min(r => r.Rank)} to {plan.Recommendations.Max(r => r.Rank)}.");
        var defaults = new ManifestOptions();
        var options = defaults with
        {
            Namespace = line.Get("namespace") ?? defaults.Namespace,
            Name = line.Get("name"),
            Simulator = line.Has("simulator"),
            VllmImage = line.Get("image") ?? defaults.VllmImage,
            VllmRunAsUser = line.GetInt("run-as-user", 1, int.MaxValue),
            VllmImageRunsAsNonRoot = line.Has("image-runs-as-non-root"),
            NetworkPolicy = NetworkPolicy(line),
            SimulatorImage = line.Get("simulator-image") ?? defaults.SimulatorImage,
            HuggingFaceTokenSecret = line.Get("hf-secret") ?? defaults.HuggingFaceTokenSecret,
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

        if (line.Get("out") is not { } directory)
        {
            await stdout.WriteAsync(set.ToYaml()).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        ManifestWriteResult written;
        try
        {
            written = await new ManifestWriter().WriteAsync(set, directory, line.Has("force"), cancellationToken).ConfigureAwait(false);
        }
        catch (ManifestValidationException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Failure);
        }
        catch (ManifestOutputException ex)
        {
            throw new CliException($"--out: {ex.Message}");
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
}
