using System.Globalization;
using System.Text.Json.Nodes;
using Compass.Cli.Commands.Database;
using Compass.Core;
using Compass.Kserve.Deployment;
using Compass.Postgres.Feedback;

namespace Compass.Cli.Commands.Kubernetes;

/// <summary><c>compass deploy --dir DIR</c>: server-side apply of a manifest directory, optionally waiting for Ready.</summary>
internal static class DeployCommand
{
    public const string Usage = $"""
        Usage: compass deploy --dir DIR [--namespace NS] [--create-namespace] [--dry-run] [--wait] [--timeout S]
                              [--name NAME] [--force] [--kubeconfig PATH] [--context C] [--in-cluster]

        Applies the manifests in DIR with server-side apply (field manager 'compass'), labels the objects
        app.kubernetes.io/managed-by=compass and app.kubernetes.io/instance=NAME, and records the revision for
        'compass rollback' (Secrets as hashes only, never their content). With a kustomization.yaml (as Compass
        writes one), the files it lists and its namespace; otherwise every *.yaml, *.yml and *.json file.
        --namespace NS moves manifests Compass generated for another namespace to NS, together with the namespace
        in their alert, autoscaling and dashboard queries.
          --dir DIR            the manifest directory
          --create-namespace   create the namespace if it does not exist
          --dry-run            validate on the API server (dryRun=All); nothing is stored
          --wait               wait until the InferenceService is Ready, printing its progress
          --timeout S          how long --wait waits, in seconds (default 600)
          --name NAME          the deployment's name (default: the InferenceService's name)
          --force              take ownership of fields another tool set (server-side apply force)
        {KubernetesCommands.ConnectionUsage}
        """;

    public static readonly string[] Options = ["dir", "timeout", "name"];

    public static readonly string[] Flags = ["create-namespace", "dry-run", "wait", "force"];

    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, KnowledgeBaseRecorder? recorder, CancellationToken cancellationToken)
    {
        if (line.Positionals.Count > 0)
        {
            throw new CliException($"'compass deploy' takes no arguments (got '{line.Positionals[0]}'); give the manifests with --dir DIR.");
        }

        var dir = line.Get("dir") ?? throw new CliException("Give the manifest directory with --dir DIR, e.g. compass deploy --dir ./manifests.");
        var timeout = line.GetInt("timeout", 1, 86_400);
        if (timeout is not null && !line.Has("wait"))
        {
            throw new CliException("--timeout is how long --wait waits; add --wait.");
        }

        if (line.Has("wait") && line.Has("dry-run"))
        {
            throw new CliException("--wait cannot be combined with --dry-run: a dry run stores nothing to wait for.");
        }

        var source = ManifestLoader.Load(dir);
        var manifests = source.Documents;
        using var deployer = KubernetesCommands.Connect(line, timeout is { } t ? TimeSpan.FromSeconds(t) : null);
        var request = new DeploymentRequest(manifests)
        {
            Namespace = line.Get("namespace"),
            SourceNamespace = source.Namespace,
            Name = line.Get("name"),
            CreateNamespace = line.Has("create-namespace"),
            DryRun = line.Has("dry-run"),
            Force = line.Has("force"),
        };
        var progress = new LineProgress(stdout);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Applying {manifests.Count} objects from {dir} to {deployer.Cluster}, namespace {request.Namespace ?? source.Namespace ?? deployer.DefaultNamespace} (server-side apply, field manager compass{(request.DryRun ? ", server dry run" : string.Empty)})")).ConfigureAwait(false);
        foreach (var file in source.Ignored)
        {
            await stdout.WriteLineAsync($"  not applied: {file} (kustomization.yaml does not list it)").ConfigureAwait(false);
        }

        var target = request.Name ?? manifests.FirstOrDefault(m => m.Kind == "InferenceService")?.Name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)));
        var result = await KnowledgeBaseRecorder.AuditedAsync(
            request.DryRun ? null : recorder, AuditAction.Deploy, target, request.Namespace ?? source.Namespace ?? deployer.DefaultNamespace, deployer.Cluster,
            () => deployer.ApplyAsync(request, progress, cancellationToken),
            r => (r.Revision is { } rev ? $"succeeded: revision {rev}, {r.Objects.Count} objects" : $"succeeded: unchanged, {r.Objects.Count} objects",
                new { r.Name, r.Namespace, r.Revision, objects = r.Objects.Count, directory = dir }),
            cancellationToken).ConfigureAwait(false);
        if (recorder is not null && !result.DryRun)
        {
            await recorder.Deployments.RecordAsync(Record(deployer.Cluster, result, manifests), cancellationToken).ConfigureAwait(false);
        }

        if (result.DryRun)
        {
            await stdout.WriteLineAsync($"Dry run: the API server accepted {result.Objects.Count} objects for {result.Name} in namespace {result.Namespace}; nothing was stored.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await stdout.WriteLineAsync($"Deployed {result.Name} to namespace {result.Namespace}{(result.Revision is { } r ? $" (revision {r})" : " (unchanged)")}.").ConfigureAwait(false);
        if (line.Has("wait"))
        {
            var status = await deployer.WaitForReadyAsync(result.Name, result.Namespace, progress: progress, cancellationToken: cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"{result.Name} is Ready{(status.Url is null ? "." : $": {status.Url}")}").ConfigureAwait(false);
        }
        else
        {
            await stdout.WriteLineAsync($"Follow it with: compass status {result.Name} --namespace {result.Namespace}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    // What the InferenceService's annotations say the deployment serves (compass.io/model, /gpu "2xH100", /replicas).
    private static DeploymentRecord Record(string context, DeploymentResult result, IReadOnlyList<ManifestDocument> manifests)
    {
        var record = new DeploymentRecord(context, result.Namespace, result.Name);
        var service = manifests.FirstOrDefault(m => m.Kind == "InferenceService");
        if (service is null)
        {
            return record;
        }

        var annotations = (service.Content["metadata"] as JsonObject)?["annotations"] as JsonObject;
        string? Annotation(string key) => annotations?[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var gpu = (Annotation("compass.io/gpu") ?? string.Empty).Split('x', 2);
        return record with
        {
            Model = Annotation("compass.io/model") is { Length: > 0 } model ? new ModelId(model) : null,
            Gpu = gpu.Length == 2 && gpu[1].Length > 0 ? new GpuType(gpu[1]) : null,
            TensorParallel = gpu.Length == 2 && int.TryParse(gpu[0], NumberStyles.None, CultureInfo.InvariantCulture, out var tp) && tp > 0 ? tp : null,
            Replicas = int.TryParse(Annotation("compass.io/replicas"), NumberStyles.None, CultureInfo.InvariantCulture, out var replicas) && replicas > 0 ? replicas : null,
        };
    }
}
