using System.CommandLine;
using Compass.Cli.Commands.Database;
using Compass.Cli.Output;
using Compass.Cli.Parsing;
using Compass.Kserve.Deployment;

namespace Compass.Cli.Commands.Kubernetes;

/// <summary>
/// What the cluster commands (<c>deploy</c>, <c>status</c>, <c>list</c>, <c>delete</c>, <c>rollback</c>) share: the
/// connection options, the audit recorder, and turning a <see cref="DeploymentException"/> into a one-line <see cref="CliException"/>.
/// </summary>
internal abstract class KubernetesCommand : Command
{
    protected KubernetesCommand(CliContext context, string name, string description)
        : base(name, description)
    {
        Context = context;
        Options.Add(Namespace);
        Options.Add(Kubeconfig);
        Options.Add(KubeContext);
        Options.Add(InCluster);
        SetAction(RunAsync);
    }

    protected CliContext Context { get; }

    protected Option<string?> Namespace { get; } = CliOptions.Text("namespace", "the namespace (default: the kubeconfig context's, else 'default')", "NS");

    protected Option<string?> Kubeconfig { get; } = CliOptions.Text("kubeconfig", "the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)", "PATH");

    protected Option<string?> KubeContext { get; } = CliOptions.Text("context", "the kubeconfig context (default: the current context)", "C");

    protected Option<bool> InCluster { get; } = CliOptions.Flag("in-cluster", "use the pod's service account instead of a kubeconfig");

    /// <summary>Gets whether the command changes the cluster, and is then written to the knowledge base's audit log.</summary>
    protected virtual bool Audited(ParseResult result) => false;

    protected abstract Task<int> RunAsync(ParseResult result, KnowledgeBaseRecorder? recorder, CancellationToken cancellationToken);

    /// <summary>Creates the deployer from the connection options.</summary>
    protected KubernetesDeployer Connect(ParseResult result, TimeSpan? readyTimeout = null)
    {
        var options = new KubernetesDeploymentOptions
        {
            KubeconfigPath = result.GetValue(Kubeconfig),
            Context = result.GetValue(KubeContext),
            InCluster = result.GetValue(InCluster),
            Namespace = result.GetValue(Namespace),
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
    protected string DeploymentName(string[] names)
        => names.Length == 1 && names[0].Trim().Length > 0
            ? names[0].Trim()
            : throw new CliException($"Give the deployment's name, e.g. compass {Name} chat ('compass list' shows them).");

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        try
        {
            // With a knowledge base, deploy, delete and rollback are written to its audit log; it is checked before the
            // cluster is touched.
            await using var recorder = Audited(result)
                ? await KnowledgeBaseRecorder.OpenAsync(Context.KnowledgeBase(result), cancellationToken).ConfigureAwait(false)
                : null;
            return await RunAsync(result, recorder, cancellationToken).ConfigureAwait(false);
        }
        catch (DeploymentException ex)
        {
            var code = ex.Failure is DeploymentFailure.InvalidManifest or DeploymentFailure.Configuration ? ExitCodes.Usage : ExitCodes.Failure;
            throw new CliException(CliHints.Message(ex), code);
        }
    }
}
