using System.Globalization;
using System.CommandLine;
using Compass.Cli.Commands.Database;
using Compass.Cli.Parsing;
using Compass.Postgres.Feedback;

namespace Compass.Cli.Commands.Kubernetes;

/// <summary><c>compass rollback NAME</c>: re-applies the revision before the current one, after showing the change and asking.</summary>
internal sealed class RollbackCommand : KubernetesCommand
{
    private readonly Argument<string[]> _name = new("NAME") { Description = "the deployment", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<bool> _dryRun = CliOptions.Flag("dry-run", "only show what would be re-applied, deleted and left alone");
    private readonly Option<bool> _yes = CliOptions.Flag("yes", "roll back without asking (for scripts)");

    public RollbackCommand(CliContext context)
        : base(context, "rollback", """
            Roll a deployment back to its previous revision, after showing the change and asking.

            Re-applies the manifests of the revision before the current one (kept in ConfigMap compass-NAME-revisions),
            deletes objects that revision did not have (only ones Compass created and manages; others are listed and
            left alone), and records the result as a new revision. Secrets are never re-applied: the history keeps only
            their hashes, and the rollback says whether each one changed. The cluster, namespace and changes are shown
            first, and Compass asks before changing anything.
            """)
    {
        Arguments.Add(_name);
        Options.Add(_dryRun);
        Options.Add(_yes);
    }

    protected override bool Audited(ParseResult parse) => !parse.GetValue(_dryRun);

    protected override async Task<int> RunAsync(ParseResult parse, KnowledgeBaseRecorder? recorder, CancellationToken cancellationToken)
    {
        var (stdin, stdout) = (Context.Stdin, Context.Stdout);
        var name = DeploymentName(parse.GetValue(_name) ?? []);
        if (parse.GetValue(_dryRun) && parse.GetValue(_yes))
        {
            throw new CliException("--dry-run changes nothing, so --yes has nothing to confirm; give one of them.");
        }

        using var deployer = Connect(parse);
        var plan = await deployer.PlanRollbackAsync(name, parse.GetValue(Namespace), cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync($"Cluster: {plan.Cluster}, namespace {plan.Namespace}").ConfigureAwait(false);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Roll back {name} from revision {plan.FromRevision} to revision {plan.ToRevision}:")).ConfigureAwait(false);
        foreach (var o in plan.Apply)
        {
            await stdout.WriteLineAsync($"  apply   {o}").ConfigureAwait(false);
        }

        foreach (var o in plan.Delete)
        {
            await stdout.WriteLineAsync($"  delete  {o}").ConfigureAwait(false);
        }

        foreach (var o in plan.LeftAlone)
        {
            await stdout.WriteLineAsync($"  leave   {o}").ConfigureAwait(false);
        }

        if (parse.GetValue(_dryRun))
        {
            await stdout.WriteLineAsync("Dry run: nothing was changed.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (!await Confirmation.AskAsync(parse.GetValue(_yes), "rollback", stdin, stdout, string.Create(CultureInfo.InvariantCulture, $"Roll back {name} in namespace {plan.Namespace} ({plan.Cluster}) to revision {plan.ToRevision}?")).ConfigureAwait(false))
        {
            await stdout.WriteLineAsync("Nothing was changed.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var result = await KnowledgeBaseRecorder.AuditedAsync(
            recorder, AuditAction.Rollback, name, plan.Namespace, deployer.Cluster,
            () => deployer.RollbackAsync(plan, new LineProgress(stdout), cancellationToken),
            r => (string.Create(CultureInfo.InvariantCulture, $"succeeded: revision {plan.FromRevision} → {plan.ToRevision}, now revision {r.Revision?.ToString(CultureInfo.InvariantCulture) ?? "-"}"),
                new { from = plan.FromRevision, to = plan.ToRevision, now = r.Revision, applied = plan.Apply.Count, deleted = plan.Delete.Count, leftAlone = plan.LeftAlone.Count }),
            cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync($"Rolled back {result.Name} in namespace {result.Namespace}; now revision {result.Revision?.ToString(CultureInfo.InvariantCulture) ?? "-"}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
