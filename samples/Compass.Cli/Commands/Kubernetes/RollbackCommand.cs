namespace Compass.Cli.Commands.Kubernetes;

/// <summary><c>compass rollback NAME</c>: re-applies the revision before the current one.</summary>
internal static class RollbackCommand
{
    public const string Usage = $"""
        Usage: compass rollback NAME [--namespace NS] [--kubeconfig PATH] [--context C] [--in-cluster]

        Re-applies the manifests of the revision before the current one (kept in ConfigMap compass-NAME-revisions),
        deletes objects that revision did not have, and records the result as a new revision.
        {KubernetesCommands.ConnectionUsage}
        """;

    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        var name = KubernetesCommands.Name(line);
        using var deployer = KubernetesCommands.Connect(line);
        var result = await deployer.RollbackAsync(name, line.Get("namespace"), new LineProgress(stdout), cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync($"Rolled back {result.Name} in namespace {result.Namespace}; now revision {result.Revision?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
