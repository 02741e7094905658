using Compass.Kserve.Deployment;
using Compass.Kserve.Tests.Deployment.FakeApiServer;

namespace Compass.Kserve.Tests.Deployment;

public sealed class KubernetesDeployerLifecycleTests
{
    [Fact]
    public async Task WaitForReady_ReportsConditionsPodsAndEvents_UntilReadyWithUrl()
    {
        await using var cluster = await Cluster.StartAsync();
        cluster.Server.Controller.PollsToReady = 4;
        await cluster.ApplyAsync();
        var progress = new ProgressLog();

        var status = await cluster.Deployer.WaitForReadyAsync("chat", timeout: TimeSpan.FromSeconds(20), progress: progress);

        Assert.True(status.Ready);
        Assert.Equal(new Uri("http://chat.default.example.com"), status.Url);
        Assert.Equal(4, cluster.Server.Requests.Count(r => r == "GET /apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices/chat"));
        var lines = progress.Lines;
        Assert.Contains(lines, l => l.Contains("PredictorReady=False (ContainerCreating", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("PredictorReady=True", StringComparison.Ordinal) && l.Contains("Ready=False", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("pods: 0/1 ready", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("pods: 1/1 ready", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("event: Normal Scheduled Pod chat-predictor", StringComparison.Ordinal));
        Assert.StartsWith("Ready after", lines[^1], StringComparison.Ordinal);
        Assert.EndsWith("http://chat.default.example.com/", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForReady_NeverReady_TimesOutWithTheLastCondition()
    {
        await using var cluster = await Cluster.StartAsync();
        cluster.Server.Controller.PollsToReady = null;
        await cluster.ApplyAsync();

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.Deployer.WaitForReadyAsync("chat", timeout: TimeSpan.FromMilliseconds(300)));

        Assert.Equal(DeploymentFailure.Timeout, ex.Failure);
        Assert.StartsWith("InferenceService default/chat was not Ready after 0.3 s: last condition PredictorReady=False, reason ContainerCreating", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0/1 pods ready (ContainerCreating)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("last warning: FailedScheduling: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu", ex.Message, StringComparison.Ordinal);
        Assert.Contains("or wait longer (a longer ready timeout)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(KubernetesDeploymentOptions.ReadyTimeout), ex.Setting);
    }

    [Fact]
    public async Task Status_ReportsConditionsPodsEventsUrlAndRevision()
    {
        await using var cluster = await Cluster.StartAsync();
        cluster.Server.Controller.PollsToReady = 1;
        await cluster.ApplyAsync();

        var status = await cluster.Deployer.GetStatusAsync("chat");

        Assert.True(status.Ready);
        Assert.Equal(["IngressReady", "PredictorReady", "Ready"], status.Conditions.Select(c => c.Type));
        Assert.Equal(new Uri("http://chat.default.example.com"), status.Url);
        var pod = Assert.Single(status.Pods);
        Assert.True(pod.Ready);
        Assert.Equal("Running", pod.Phase);
        Assert.Contains(status.Events, e => e.Reason == "InferenceServiceReady");
        Assert.Equal(1, status.Revision);
        Assert.Null(status.Blocking);
    }

    [Fact]
    public async Task Status_OfAMissingDeployment_IsNotFound()
    {
        await using var cluster = await Cluster.StartAsync();

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.Deployer.GetStatusAsync("nope"));

        Assert.Equal(DeploymentFailure.NotFound, ex.Failure);
        Assert.Contains("InferenceService nope was not found in namespace default", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ReturnsOnlyCompassDeployments()
    {
        await using var cluster = await Cluster.StartAsync();
        await cluster.ApplyAsync();
        cluster.Samples.Rewrite(name: "rag");
        await cluster.ApplyAsync();
        var foreign = ManifestLoader.Parse("apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: other}\nspec: {predictor: {}}\n", "o.yaml")[0];
        cluster.Server.Store.Apply(FakeStore.Resource("inferenceservices"), "default", "other", foreign.ContentClone(), "kubectl", false, false);

        var list = await cluster.Deployer.ListAsync();

        Assert.Equal(["chat", "rag"], list.Select(d => d.Name));
        Assert.All(list, d => Assert.Equal("default", d.Namespace));
        Assert.Contains(cluster.Server.Requests, r => r.Contains("labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcompass", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_RemovesEveryLabelledObjectInTheForeground()
    {
        await using var cluster = await Cluster.StartAsync();
        cluster.Server.Controller.PollsToReady = 1;
        await cluster.ApplyAsync();
        await cluster.Deployer.GetStatusAsync("chat");

        var plan = await cluster.Deployer.PlanDeletionAsync("chat");
        Assert.Empty(plan.LeftAlone);
        Assert.Equal($"cluster {cluster.Server.Url}", plan.Cluster);
        var deleted = await cluster.Deployer.DeleteAsync(plan);

        Assert.Equal(7, deleted.Count);
        Assert.Equal("InferenceService", deleted[0].Kind);
        Assert.Equal("compass-chat-revisions", deleted[^1].Name);
        Assert.Null(cluster.Isvc());
        Assert.Empty(cluster.Server.Store.All(FakeStore.Resource("pods")));
        Assert.Empty(cluster.Server.Store.All(FakeStore.Resource("configmaps")));
        Assert.All(cluster.Server.Requests.Where(r => r.StartsWith("DELETE", StringComparison.Ordinal)), r => Assert.Contains("propagationPolicy=Foreground", r, StringComparison.Ordinal));

        var again = await Assert.ThrowsAsync<DeploymentException>(() => cluster.Deployer.PlanDeletionAsync("chat"));
        Assert.Contains("There is no deployment chat in namespace default", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_RestoresThePreviousRevisionsSpec_AndRemovesObjectsItLacked()
    {
        await using var cluster = await Cluster.StartAsync();
        cluster.Samples.Rewrite(minReplicas: 1, model: "meta-llama/Llama-3.1-8B-Instruct", withMonitoring: false);
        await cluster.ApplyAsync();
        cluster.Samples.Rewrite(minReplicas: 3, model: "Qwen/Qwen2.5-7B-Instruct", withMonitoring: true);
        await cluster.ApplyAsync();
        Assert.NotNull(cluster.Server.Store.Find(FakeStore.Resource("servicemonitors"), "default", "chat-metrics"));

        var plan = await cluster.Deployer.PlanRollbackAsync("chat");
        Assert.Equal((2, 1), (plan.FromRevision, plan.ToRevision));
        Assert.Equal(["PrometheusRule default/chat-slo", "ServiceMonitor default/chat-metrics"], plan.Delete.Select(d => d.ToString()).Order(StringComparer.Ordinal));
        var result = await cluster.Deployer.RollbackAsync(plan);

        Assert.Equal(3, result.Revision);
        var spec = cluster.Isvc()!.Content["spec"]!["predictor"]!;
        Assert.Equal(1, spec["minReplicas"]!.GetValue<long>());
        Assert.Equal("--model=meta-llama/Llama-3.1-8B-Instruct", spec["model"]!["args"]![0]!.GetValue<string>());
        Assert.Null(cluster.Server.Store.Find(FakeStore.Resource("servicemonitors"), "default", "chat-metrics"));
        Assert.Null(cluster.Server.Store.Find(FakeStore.Resource("prometheusrules"), "default", "chat-slo"));

        // Rolling back again goes to revision 2's predecessor in the history: revision 1 is current now, 2 before it.
        var status = await cluster.Deployer.GetStatusAsync("chat");
        Assert.Equal(3, status.Revision);
    }

    [Fact]
    public async Task Rollback_WithOneRevision_SaysThereIsNothingToRollBackTo()
    {
        await using var cluster = await Cluster.StartAsync();
        await cluster.ApplyAsync();

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.Deployer.PlanRollbackAsync("chat"));

        Assert.Equal(DeploymentFailure.NoRevision, ex.Failure);
        Assert.Contains("has only revision 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_WithoutHistory_SaysSo()
    {
        await using var cluster = await Cluster.StartAsync();

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.Deployer.PlanRollbackAsync("chat"));

        Assert.Contains("no revision history for chat", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revisions_KeepOnlyMaxRevisions()
    {
        await using var server = await FakeKubernetes.StartAsync();
        using var deployer = new KubernetesDeployer(server.Configuration(), new KubernetesDeploymentOptions { MaxRevisions = 2 });
        using var samples = SampleManifests.Write();
        for (var i = 1; i <= 4; i++)
        {
            samples.Rewrite(minReplicas: i);
            await deployer.ApplyAsync(new DeploymentRequest(ManifestLoader.LoadDirectory(samples.Directory)));
        }

        var map = server.Store.Find(FakeStore.Resource("configmaps"), "default", "compass-chat-revisions")!;
        Assert.Equal(["revision-3.json.gz", "revision-4.json.gz"], map.Content["binaryData"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }
}
