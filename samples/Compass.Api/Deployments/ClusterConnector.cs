using Compass.Api.Infrastructure;
using Compass.Kserve.Deployment;
using Microsoft.Extensions.Options;

namespace Compass.Api.Deployments;

/// <summary>Connects to the cluster configured in <c>Compass:Kubernetes</c>, or refuses with 503 saying how to configure one.</summary>
internal sealed class ClusterConnector(IOptions<ApiOptions> options, TimeProvider time)
{
    private readonly KubernetesSettings _settings = options.Value.Kubernetes;

    public bool Configured => _settings.Configured;

    public KubernetesDeployer Connect()
    {
        if (!_settings.Configured)
        {
            throw new ApiProblemException(
                StatusCodes.Status503ServiceUnavailable, "No Kubernetes cluster configured",
                "Deployments need a cluster: set Compass:Kubernetes:Kubeconfig (and optionally Context and Namespace) or Compass:Kubernetes:InCluster=true in appsettings.json or the environment (Compass__Kubernetes__Kubeconfig).");
        }

        return new KubernetesDeployer(
            new KubernetesDeploymentOptions
            {
                KubeconfigPath = _settings.InCluster ? null : _settings.Kubeconfig,
                Context = _settings.Context,
                InCluster = _settings.InCluster,
                Namespace = _settings.Namespace,
            },
            time);
    }
}
