using Compass.Cli.Commands.Database;
using Compass.Postgres.Feedback;

namespace Compass.Cli.Commands.Kubernetes;

/// <summary><c>compass delete NAME</c>: the objects Compass created for a deployment, after showing them and asking.</summary>
internal static class DeleteCommand
{
    public const string Usage = $"""
        Usage: compass delete NAME [--dry-run] [--yes] [--namespace NS] [--kubeconfig PATH] [--context C] [--in-cluster]

        Deletes what Compass created for deployment NAME (foreground propagation), including its revision history.
        Only objects that carry app.kubernetes.io/managed-by=compass and app.kubernetes.io/instance=NAME, list
        Compass's field manager, and were created by Compass (their uid is in the revision history) are deleted;
        anything else carrying the name (a Helm release's objects, a Secret made with kubectl) is listed and left
        alone. The cluster, namespace and objects are shown first, and Compass asks before deleting. The namespace
        itself is never deleted.
          --dry-run          only show what would be deleted and what would be left alone
          --yes              delete without asking (for scripts)
        {KubernetesCommands.ConnectionUsage}
        """;

    public static readonly string[] Flags = ["dry-run", "yes"];

    public static async Task<int> RunAsync(CommandLine line, TextReader stdin, TextWriter stdout, KnowledgeBaseRecorder? recorder, CancellationToken cancellationToken)
    {
        var name = KubernetesCommands.Name(line);
        if (line.Has("dry-run") && line.Has("yes"))
        {
            throw new CliException("--dry-run deletes nothing, so --yes has nothing to confirm; give one of them.");
        }

        using var deployer = KubernetesCommands.Connect(line);
        var plan = await deployer.PlanDeletionAsync(name, line.Get("namespace"), cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync($"Cluster: {plan.Cluster}, namespace {plan.Namespace}").ConfigureAwait(false);
        await stdout.WriteLineAsync($"{(line.Has("dry-run") ? "Would delete" : "Will delete")} {plan.Delete.Count} objects of {name}:").ConfigureAwait(false);
        foreach (var o in plan.Delete)
        {
            await stdout.WriteLineAsync($"  {o}").ConfigureAwait(false);
        }

        if (plan.LeftAlone.Count > 0)
        {
            await stdout.WriteLineAsync($"Left alone ({plan.LeftAlone.Count}, not created and managed by Compass):").ConfigureAwait(false);
            foreach (var o in plan.LeftAlone)
            {
                await stdout.WriteLineAsync($"  {o}").ConfigureAwait(false);
            }
        }

        if (line.Has("dry-run"))
        {
            await stdout.WriteLineAsync("Dry run: nothing was deleted.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (!await Confirmation.AskAsync(line, stdin, stdout, $"Delete these {plan.Delete.Count} objects from namespace {plan.Namespace} ({plan.Cluster})?").ConfigureAwait(false))
        {
            await stdout.WriteLineAsync("Nothing was deleted.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var deleted = await KnowledgeBaseRecorder.AuditedAsync(
            recorder, AuditAction.Delete, name, plan.Namespace, deployer.Cluster,
            () => deployer.DeleteAsync(plan, new LineProgress(stdout), cancellationToken),
            d => ($"succeeded: {d.Count} objects deleted, {plan.LeftAlone.Count} left alone", new { deleted = d.Select(o => o.ToString()), leftAlone = plan.LeftAlone.Select(o => o.ToString()) }),
            cancellationToken).ConfigureAwait(false);
        if (recorder is not null)
        {
            await recorder.Deployments.RemoveAsync(deployer.Cluster, plan.Namespace, name, cancellationToken).ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"Deleted {deleted.Count} objects of {name}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
