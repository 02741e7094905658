using Compass.Cli.Commands.Database;
using Compass.Kserve.Deployment;

namespace Compass.Cli.Commands.Kubernetes;

/// <summary>
/// The cluster commands (<c>deploy</c>, <c>status</c>, <c>list</c>, <c>delete</c>, <c>rollback</c>): dispatch, the
/// shared connection options, and turning a <see cref="DeploymentException"/> into a one-line <see cref="CliException"/>.
/// </summary>
internal static class KubernetesCommands
{
    public static readonly string[] ConnectionOptions = ["namespace", "kubeconfig", "context"];

    public static readonly string[] ConnectionFlags = ["in-cluster"];

    public const string ConnectionUsage = """
          --namespace NS     the namespace (default: the kubeconfig context's, else 'default')
          --kubeconfig PATH  the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)
          --context C        the kubeconfig context (default: the current context)
          --in-cluster       use the pod's service account instead of a kubeconfig
        """;

    public static bool Handles(string command) => command is "deploy" or "status" or "list" or "delete" or "rollback";

    public static string Usage(string command) => command switch
    {
        "deploy" => DeployCommand.Usage,
        "status" => StatusCommand.Usage,
        "list" => ListCommand.Usage,
        "delete" => DeleteCommand.Usage,
        _ => RollbackCommand.Usage,
    };

    public static async Task<int> RunAsync(string command, IReadOnlyList<string> args, KnowledgeBaseOption? knowledgeBase, TextReader stdin, TextWriter stdout, CancellationToken cancellationToken)
    {
        try
        {
            // With a knowledge base, deploy, delete and rollback are written to its audit log; it is checked before the
            // cluster is touched.
            await using var recorder = command is "deploy" or "delete" or "rollback" && !args.Contains("--dry-run")
                ? await KnowledgeBaseRecorder.OpenAsync(knowledgeBase, cancellationToken).ConfigureAwait(false)
                : null;
            return command switch
            {
                "deploy" => await DeployCommand.RunAsync(CommandLine.Parse(command, args, [.. ConnectionOptions, .. DeployCommand.Options], [.. ConnectionFlags, .. DeployCommand.Flags]), stdout, recorder, cancellationToken).ConfigureAwait(false),
                "status" => await StatusCommand.RunAsync(CommandLine.Parse(command, args, ConnectionOptions, [.. ConnectionFlags, "json"]), stdout, cancellationToken).ConfigureAwait(false),
                "list" => await ListCommand.RunAsync(CommandLine.Parse(command, args, ConnectionOptions, [.. ConnectionFlags, "json"]), stdout, cancellationToken).ConfigureAwait(false),
                "delete" => await DeleteCommand.RunAsync(CommandLine.Parse(command, args, ConnectionOptions, [.. ConnectionFlags, .. DeleteCommand.Flags]), stdin, stdout, recorder, cancellationToken).ConfigureAwait(false),
                _ => await RollbackCommand.RunAsync(CommandLine.Parse(command, args, ConnectionOptions, [.. ConnectionFlags, .. RollbackCommand.Flags]), stdin, stdout, recorder, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (DeploymentException ex)
        {
            var code = ex.Failure is DeploymentFailure.InvalidManifest or DeploymentFailure.Configuration ? ExitCodes.Usage : ExitCodes.Failure;
            throw new CliException(ex.Message.ReplaceLineEndings(" "), code);
        }
    }

    /// <summary>Creates the deployer from the connection options.</summary>
    public static KubernetesDeployer Connect(CommandLine line, TimeSpan? readyTimeout = null)
    {
        var options = new KubernetesDeploymentOptions
        {
            KubeconfigPath = line.Get("kubeconfig"),
            Context = line.Get("context"),
            InCluster = line.Has("in-cluster"),
            Namespace = line.Get("namespace"),
        };
        if (readyTimeout is { } timeout)
        {
            options.ReadyTimeout = timeout;
        }

        if (options.InCluster && (options.KubeconfigPath is not null || options.Context is not null))
        {
            throw new CliException("--in-cluster uses the pod's service account; leave out --kubeconfig and --context.");
        }

        return new KubernetesDeployer(options);
    }

    /// <summary>The single NAME argument of status, delete and rollback.</summary>
    public static string Name(CommandLine line)
        => line.Positionals.Count == 1 && line.Positionals[0].Trim().Length > 0
            ? line.Positionals[0].Trim()
            : throw new CliException($"Give the deployment's name, e.g. compass {line.Command} chat ('compass list' shows them).");
}
