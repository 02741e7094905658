using System.CommandLine;
using Compass.Cli.Commands.Database;
using Compass.Cli.Parsing;
using Compass.Postgres.Feedback;

namespace Compass.Cli.Commands.Kubernetes;

/// <summary><c>compass delete NAME</c>: the objects Compass created for a deployment, after showing them and asking.</summary>
internal sealed class DeleteCommand : KubernetesCommand
{
    private readonly Argument<string[]> _name = new("NAME") { Description = "the deployment", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<bool> _dryRun = CliOptions.Flag("dry-run", "only show what would be deleted and what would be left alone");
    private readonly Option<bool> _yes = CliOptions.Flag("yes", "delete without asking (for scripts)");

    public DeleteCommand(CliContext context)
        : base(context, "delete", """
            Delete a deployment Compass made, after showing what goes and asking.

            Deletes what Compass created for deployment NAME (foreground propagation), including its revision history.
            Only objects that carry app.kubernetes.io/managed-by=compass and app.kubernetes.io/instance=NAME, list
            Compass's field manager, and were created by Compass (their uid is in the revision history) are deleted;
            anything else carrying the name (a Helm release's objects, a Secret made with kubectl) is listed and left
            alone. The cluster, namespace and objects are shown first, and Compass asks before deleting. The namespace
            itself is never deleted.
            """)
    {
        Arguments.Add(_name);
        Options.Add(_dryRun);
        Options.Add(_yes);
    }

    protected override bool Audited(ParseResult result) => !result.GetValue(_dryRun);

    protected override async Task<int> RunAsync(ParseResult result, KnowledgeBaseRecorder? recorder, CancellationToken cancellationToken)
    {
        var (stdin, stdout) = (Context.Stdin, Context.Stdout);
        var name = DeploymentName(result.GetValue(_name) ?? []);
        if (result.GetValue(_dryRun) && result.GetValue(_yes))
        {
            throw new CliException("--dry-run deletes nothing, so --yes has nothing to confirm; give one of them.");
        }

        using var deployer = Connect(result);
        var plan = await deployer.PlanDeletionAsync(name, result.GetValue(Namespace), cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync($"Cluster: {plan.Cluster}, namespace {plan.Namespace}").ConfigureAwait(false);
        await stdout.WriteLineAsync($"{(result.GetValue(_dryRun) ? "Would delete" : "Will delete")} {plan.Delete.Count} objects of {name}:").ConfigureAwait(false);
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

        if (result.GetValue(_dryRun))
        {
            await stdout.WriteLineAsync("Dry run: nothing was deleted.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (!await Confirmation.AskAsync(result.GetValue(_yes), "delete", stdin, stdout, $"Delete these {plan.Delete.Count} objects from namespace {plan.Namespace} ({plan.Cluster})?").ConfigureAwait(false))
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
