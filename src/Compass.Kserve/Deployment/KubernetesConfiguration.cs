using k8s;
using k8s.Exceptions;

namespace Compass.Kserve.Deployment;

/// <summary>Loads the KubernetesClient configuration the options ask for, with clear messages when it cannot.</summary>
internal static class KubernetesConfiguration
{
    /// <summary>Builds the configuration: in-cluster, or from the kubeconfig file and context.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The configuration, with <see cref="KubernetesDeploymentOptions.RequestTimeout"/> applied.</returns>
    /// <exception cref="DeploymentException">The kubeconfig is missing or unreadable, the context does not exist, or the pod has no service account.</exception>
    public static KubernetesClientConfiguration Load(KubernetesDeploymentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        KubernetesClientConfiguration config;
        if (options.InCluster)
        {
            if (!KubernetesClientConfiguration.IsInCluster())
            {
                throw new DeploymentException(DeploymentFailure.Configuration, "In-cluster configuration was asked for, but this process is not running in a pod with a service account (KUBERNETES_SERVICE_HOST and the token file are missing); use a kubeconfig instead.");
            }

            try
            {
                config = KubernetesClientConfiguration.InClusterConfig();
            }
            catch (KubeConfigException ex)
            {
                throw new DeploymentException(DeploymentFailure.Configuration, $"Cannot load the in-cluster configuration: {ex.Message}", innerException: ex);
            }
        }
        else
        {
            var path = options.KubeconfigPath ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator).FirstOrDefault(p => p.Length > 0)
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
            if (!File.Exists(path))
            {
                throw new DeploymentException(DeploymentFailure.Configuration, $"The kubeconfig file '{path}' does not exist; name another kubeconfig file, set KUBECONFIG, or run inside the cluster.")
                {
                    Setting = nameof(KubernetesDeploymentOptions.KubeconfigPath),
                };
            }

            try
            {
                config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, options.Context);
            }
            catch (Exception ex) when (ex is KubeConfigException or IOException or YamlDotNet.Core.YamlException or FormatException or UriFormatException)
            {
                throw new DeploymentException(DeploymentFailure.Configuration, $"Cannot use the kubeconfig '{path}'{(options.Context is null ? string.Empty : $" with context '{options.Context}'")}: {ex.Message.TrimEnd('.')}; check the file (kubectl config view) and the context name (kubectl config get-contexts).", innerException: ex);
            }
        }

        config.HttpClientTimeout = options.RequestTimeout;
        return config;
    }

    /// <summary>Creates a client whose <c>CustomObjects</c> operations also reach core-group (<c>/api/v1</c>) objects.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The client; dispose it when done.</returns>
    public static IKubernetes CreateClient(KubernetesClientConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new Kubernetes(configuration, new CoreApiPathHandler());
    }
}
