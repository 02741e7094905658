using Compass.Kserve.Deployment;
using Compass.Kserve.Tests.Deployment.FakeApiServer;

namespace Compass.Kserve.Tests.Deployment;

public sealed class KubernetesErrorsTests
{
    [Fact]
    public async Task WrongToken_Is401_WithHowToFix()
    {
        await using var cluster = await Cluster.StartAsync(token: "expired");

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.ApplyAsync());

        Assert.Equal(DeploymentFailure.Unauthorized, ex.Failure);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("rejected the credentials (401 Unauthorized)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("log in to the cluster again", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingPermission_Is403_NamingVerbResourceNamespaceAndRole()
    {
        await using var cluster = await Cluster.StartAsync();
        cluster.Server.Forbidden[("patch", "inferenceservices")] = true;

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.ApplyAsync());

        Assert.Equal(DeploymentFailure.Forbidden, ex.Failure);
        Assert.Equal("InferenceService default/chat", ex.ObjectReference);
        Assert.StartsWith("The user or service account lacks permission to patch inferenceservices.serving.kserve.io in namespace default (403 Forbidden)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("system:serviceaccount:ci:deployer", ex.Message, StringComparison.Ordinal);
        Assert.Contains("grant it with a Role (apiGroups: [\"serving.kserve.io\"], resources: [\"inferenceservices\"]", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serving.kserve.io", "the InferenceService CRD (inferenceservices.serving.kserve.io) is not installed in the cluster; install KServe")]
    [InlineData("keda.sh", "the ScaledObject CRD (scaledobjects.keda.sh) is not installed in the cluster; install KEDA")]
    [InlineData("monitoring.coreos.com", "the ServiceMonitor CRD (servicemonitors.monitoring.coreos.com) is not installed in the cluster; install the Prometheus Operator")]
    public async Task MissingCrd_Is404_SayingWhatToInstall(string group, string expected)
    {
        await using var cluster = await Cluster.StartAsync();
        cluster.Server.UninstalledGroups[group] = true;

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.ApplyAsync());

        Assert.Equal(DeploymentFailure.NotFound, ex.Failure);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableCluster_SaysWhereAndWhatToCheck()
    {
        var url = FakeKubernetes.UnreachableUrl();
        using var deployer = new KubernetesDeployer(new k8s.KubernetesClientConfiguration { Host = url.ToString() }, new KubernetesDeploymentOptions { RequestTimeout = TimeSpan.FromSeconds(5) });
        var docs = ManifestLoader.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "x.yaml");

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => deployer.ApplyAsync(new DeploymentRequest(docs) { Name = "x" }));

        Assert.Equal(DeploymentFailure.Unreachable, ex.Failure);
        Assert.StartsWith($"Cannot reach the Kubernetes API server at {url.GetLeftPart(UriPartial.Authority)}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("kubeconfig context", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlreadyExistsConflict_IsExplained()
    {
        await using var cluster = await Cluster.StartAsync();

        var ex = KubernetesErrors.FromStatus(System.Net.HttpStatusCode.Conflict, FakeStatus.AlreadyExists(FakeStore.Resource("namespaces"), "llm").Item2.ToJsonString(), "create", "Namespace llm", ResourceCatalog.Namespace, null);

        Assert.Equal(DeploymentFailure.Conflict, ex.Failure);
        Assert.Contains("Namespace llm conflicts with the cluster's state (409 Conflict: namespaces \"llm\" already exists)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingKubeconfig_IsAConfigurationError()
    {
        var ex = Assert.Throws<DeploymentException>(() => new KubernetesDeployer(new KubernetesDeploymentOptions { KubeconfigPath = "/nonexistent/kubeconfig" }));

        Assert.Equal(DeploymentFailure.Configuration, ex.Failure);
        Assert.Contains("The kubeconfig file '/nonexistent/kubeconfig' does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownContext_IsAConfigurationError()
    {
        await using var server = await FakeKubernetes.StartAsync();
        var dir = Directory.CreateTempSubdirectory("compass-kube-").FullName;
        try
        {
            var path = server.WriteKubeconfig(dir);

            var ex = Assert.Throws<DeploymentException>(() => new KubernetesDeployer(new KubernetesDeploymentOptions { KubeconfigPath = path, Context = "prod" }));

            Assert.Equal(DeploymentFailure.Configuration, ex.Failure);
            Assert.Contains("with context 'prod'", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Kubeconfig_PointsTheDeployerAtTheServer_WithItsNamespace()
    {
        await using var server = await FakeKubernetes.StartAsync();
        var dir = Directory.CreateTempSubdirectory("compass-kube-").FullName;
        try
        {
            var path = server.WriteKubeconfig(dir, ns: "default");
            using var deployer = new KubernetesDeployer(new KubernetesDeploymentOptions { KubeconfigPath = path });

            Assert.Equal("default", deployer.DefaultNamespace);
            Assert.Empty(await deployer.ListAsync());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
