using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Compass.Cli.Commands.Database;
using Compass.Cli.Parsing;
using Compass.Core;
using Compass.Kserve.Deployment;
using Compass.Postgres.Feedback;

namespace Compass.Cli.Commands.Kubernetes;

/// <summary><c>compass deploy --dir DIR</c>: server-side apply of a manifest directory, optionally waiting for Ready.</summary>
internal sealed class DeployCommand : KubernetesCommand
{
    private readonly Option<string?> _dir = CliOptions.Text("dir", "the manifest directory", "DIR");
    private readonly Option<bool> _createNamespace = CliOptions.Flag("create-namespace", "create the namespace if it does not exist");
    private readonly Option<bool> _dryRun = CliOptions.Flag("dry-run", "validate on the API server (dryRun=All); nothing is stored");
    private readonly Option<bool> _wait = CliOptions.Flag("wait", "wait until the InferenceService is Ready, printing its progress");
    private readonly Option<int?> _timeout = CliOptions.Int("timeout", 1, 86_400, "how long --wait waits, in seconds (default 600)", "S");
    private readonly Option<string?> _name = CliOptions.Text("name", "the deployment's name (default: the InferenceService's name)", "NAME");
    private readonly Option<bool> _force = CliOptions.Flag("force", "take ownership of fields another tool set (server-side apply force)");

    public DeployCommand(CliContext context)
        : base(context, "deploy", """
            Apply manifests to a cluster (server-side apply), optionally --wait for Ready.

            Applies the manifests in DIR with server-side apply (field manager 'compass'), labels the objects
            app.kubernetes.io/managed-by=compass and app.kubernetes.io/instance=NAME, and records the revision for
            'compass rollback' (Secrets as hashes only, never their content). With a kustomization.yaml (as Compass
            writes one), the files it lists and its namespace; otherwise every *.yaml, *.yml and *.json file.
            --namespace NS moves manifests Compass generated for another namespace to NS, together with the namespace
            in their alert, autoscaling and dashboard queries.
            """)
    {
        foreach (var option in new Option[] { _dir, _createNamespace, _dryRun, _wait, _timeout, _name, _force })
        {
            Options.Add(option);
        }
    }

    protected override bool Audited(ParseResult parse) => !parse.GetValue(_dryRun);

    protected override async Task<int> RunAsync(ParseResult parse, KnowledgeBaseRecorder? recorder, CancellationToken cancellationToken)
    {
        var stdout = Context.Stdout;
        var dir = parse.GetValue(_dir) ?? throw new CliException("Give the manifest directory with --dir DIR, e.g. compass deploy --dir ./manifests.");
        var timeout = parse.GetValue(_timeout);
        if (timeout is not null && !parse.GetValue(_wait))
        {
            throw new CliException("--timeout is how long --wait waits; add --wait.");
        }

        if (parse.GetValue(_wait) && parse.GetValue(_dryRun))
        {
            throw new CliException("--wait cannot be combined with --dry-run: a dry run stores nothing to wait for.");
        }

        var source = ManifestLoader.Load(dir);
        var manifests = source.Documents;
        using var deployer = Connect(parse, timeout is { } t ? TimeSpan.FromSeconds(t) : null);
        var request = new DeploymentRequest(manifests)
        {
            Namespace = parse.GetValue(Namespace),
            SourceNamespace = source.Namespace,
            Name = parse.GetValue(_name),
            CreateNamespace = parse.GetValue(_createNamespace),
            DryRun = parse.GetValue(_dryRun),
            Force = parse.GetValue(_force),
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
        if (parse.GetValue(_wait))
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
