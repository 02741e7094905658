using System.Text.Json.Nodes;
using Compass.Kserve.Deployment;
using Compass.Kserve.Tests.Deployment.FakeApiServer;

namespace Compass.Kserve.Tests.Deployment;

/// <summary>Delete and rollback touch only what Compass created and manages.</summary>
public sealed class KubernetesDeployerOwnershipTests
{
    [Fact]
    public async Task Delete_LeavesAloneEverythingAnotherToolLabelledWithTheSameInstance()
    {
        await using var cluster = await Cluster.StartAsync();
        await cluster.ApplyAsync();
        // Helm sets app.kubernetes.io/instance to the release name too.
        foreach (var (plural, kind, name) in new[] { ("secrets", "Secret", "chat-db-password"), ("services", "Service", "chat"), ("configmaps", "ConfigMap", "chat-settings"), ("persistentvolumeclaims", "PersistentVolumeClaim", "chat-data") })
        {
            Put(cluster, plural, kind, name, labels: new() { ["app.kubernetes.io/instance"] = "chat", ["app.kubernetes.io/managed-by"] = "Helm" }, manager: "helm");
        }

        var plan = await cluster.Deployer.PlanDeletionAsync("chat");

        Assert.Equal(7, plan.Delete.Count);
        Assert.DoesNotContain(plan.Delete, d => d.Target.Kind is "Secret" or "Service" or "PersistentVolumeClaim");
        Assert.Equal(4, plan.LeftAlone.Count);
        Assert.All(plan.LeftAlone, l => Assert.Equal("it is labelled app.kubernetes.io/managed-by=Helm", l.Reason));

        await cluster.Deployer.DeleteAsync(plan);

        Assert.NotNull(Find(cluster, "secrets", "chat-db-password"));
        Assert.NotNull(Find(cluster, "services", "chat"));
        Assert.NotNull(Find(cluster, "configmaps", "chat-settings"));
        Assert.NotNull(Find(cluster, "persistentvolumeclaims", "chat-data"));
        Assert.Null(cluster.Isvc());
        Assert.DoesNotContain(cluster.Server.Requests, r => r.StartsWith("DELETE", StringComparison.Ordinal) && (r.Contains("/secrets/", StringComparison.Ordinal) || r.Contains("/services/", StringComparison.Ordinal) || r.Contains("/persistentvolumeclaims/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Delete_LeavesAloneAnObjectLabelledCompass_ThatCompassNeverApplied()
    {
        await using var cluster = await Cluster.StartAsync();
        await cluster.ApplyAsync();
        Put(cluster, "configmaps", "ConfigMap", "chat-copied", labels: new() { ["app.kubernetes.io/instance"] = "chat", ["app.kubernetes.io/managed-by"] = "compass" }, manager: "kubectl-create");

        var plan = await cluster.Deployer.PlanDeletionAsync("chat");

        var left = Assert.Single(plan.LeftAlone);
        Assert.Equal("ConfigMap default/chat-copied", left.Target.ToString());
        Assert.Equal("Compass's field manager owns none of its fields (managed by kubectl-create)", left.Reason);
        await cluster.Deployer.DeleteAsync(plan);
        Assert.NotNull(Find(cluster, "configmaps", "chat-copied"));
    }

    [Fact]
    public async Task Delete_LeavesAloneAnObjectThatExistedBeforeCompassAppliedIt()
    {
        await using var cluster = await Cluster.StartAsync();
        // The user made the vLLM ConfigMap with kubectl first; deploying the same object adopts it (labels, fields).
        Put(cluster, "configmaps", "ConfigMap", "chat-vllm-config", labels: [], manager: "kubectl-client-side-apply", data: new() { ["max-model-len"] = "8192", ["gpu-memory-utilization"] = "0.9" });
        await cluster.ApplyAsync();
        var adopted = Find(cluster, "configmaps", "chat-vllm-config")!;
        Assert.Equal("compass", adopted.Labels["app.kubernetes.io/managed-by"]);

        var plan = await cluster.Deployer.PlanDeletionAsync("chat");

        var left = Assert.Single(plan.LeftAlone);
        Assert.Equal("ConfigMap default/chat-vllm-config", left.Target.ToString());
        Assert.StartsWith("Compass did not create it", left.Reason, StringComparison.Ordinal);
        await cluster.Deployer.DeleteAsync(plan);
        Assert.NotNull(Find(cluster, "configmaps", "chat-vllm-config"));
        Assert.Null(cluster.Isvc());
    }

    [Fact]
    public async Task Delete_SkipsAnObjectReplacedAfterThePlanWasShown()
    {
        await using var cluster = await Cluster.StartAsync();
        await cluster.ApplyAsync();
        var plan = await cluster.Deployer.PlanDeletionAsync("chat");
        Assert.Contains(plan.Delete, d => d.Target.Name == "chat-pdb");

        // Someone deletes the PodDisruptionBudget and makes their own with the same name and the same labels.
        var pdb = Find(cluster, "poddisruptionbudgets", "chat-pdb")!;
        cluster.Server.Store.Delete(FakeStore.Resource("poddisruptionbudgets"), "default", "chat-pdb", dryRun: false);
        var replacement = pdb.Clone();
        ((JsonObject)replacement.Content["metadata"]!).Remove("uid");
        cluster.Server.Store.Put(replacement);
        var progress = new ProgressLog();

        var deleted = await cluster.Deployer.DeleteAsync(plan, progress);

        Assert.DoesNotContain(deleted, d => d.Name == "chat-pdb");
        Assert.NotNull(Find(cluster, "poddisruptionbudgets", "chat-pdb"));
        Assert.Contains(progress.Lines, l => l.StartsWith("left PodDisruptionBudget default/chat-pdb alone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_OfADeploymentWithNothingCompassOwns_SaysWhatWasLeftAlone()
    {
        await using var cluster = await Cluster.StartAsync();
        Put(cluster, "services", "Service", "blog", labels: new() { ["app.kubernetes.io/instance"] = "blog", ["app.kubernetes.io/managed-by"] = "Helm" }, manager: "helm");

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.Deployer.PlanDeletionAsync("blog"));

        Assert.Equal(DeploymentFailure.NotFound, ex.Failure);
        Assert.Contains("Nothing of blog in namespace default", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Service default/blog: it is labelled app.kubernetes.io/managed-by=Helm", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(Find(cluster, "services", "blog"));
    }

    [Fact]
    public async Task Rollback_LeavesAloneAnObjectTheNewerRevisionAdopted()
    {
        await using var cluster = await Cluster.StartAsync();
        cluster.Samples.Rewrite(withMonitoring: false);
        await cluster.ApplyAsync();
        // Monitoring that someone set up by hand; revision 2 then applies objects of the same names and adopts them.
        Put(cluster, "servicemonitors", "ServiceMonitor", "chat-metrics", labels: [], manager: "kubectl-create");
        cluster.Samples.Rewrite(withMonitoring: true);
        await cluster.ApplyAsync();

        var plan = await cluster.Deployer.PlanRollbackAsync("chat");

        Assert.Equal(["PrometheusRule default/chat-slo"], plan.Delete.Select(d => d.ToString()));
        var left = Assert.Single(plan.LeftAlone);
        Assert.Equal("ServiceMonitor default/chat-metrics", left.Target.ToString());
        await cluster.Deployer.RollbackAsync(plan);
        Assert.NotNull(Find(cluster, "servicemonitors", "chat-metrics"));
        Assert.Null(Find(cluster, "prometheusrules", "chat-slo"));
    }

    [Fact]
    public async Task Rollback_RefusesWhenTheHistoryChangedSinceThePlan()
    {
        await using var cluster = await Cluster.StartAsync();
        await cluster.ApplyAsync();
        cluster.Samples.Rewrite(minReplicas: 2);
        await cluster.ApplyAsync();
        var plan = await cluster.Deployer.PlanRollbackAsync("chat");
        cluster.Samples.Rewrite(minReplicas: 3);
        await cluster.ApplyAsync();

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.Deployer.RollbackAsync(plan));

        Assert.Equal(DeploymentFailure.Conflict, ex.Failure);
        Assert.Contains("changed since the rollback was planned (now revision 3)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, cluster.Isvc()!.Content["spec"]!["predictor"]!["minReplicas"]!.GetValue<long>());
    }

    private static StoredObject? Find(Cluster cluster, string plural, string name) => cluster.Server.Store.Find(FakeStore.Resource(plural), "default", name);

    private static void Put(Cluster cluster, string plural, string kind, string name, Dictionary<string, string> labels, string manager, Dictionary<string, string>? data = null)
    {
        var resource = FakeStore.Resource(plural);
        var content = new JsonObject
        {
            ["apiVersion"] = resource.ApiVersion,
            ["kind"] = kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = "default",
                ["labels"] = new JsonObject([.. labels.Select(l => new KeyValuePair<string, JsonNode?>(l.Key, l.Value))]),
            },
        };
        if (data is not null)
        {
            content["data"] = new JsonObject([.. data.Select(d => new KeyValuePair<string, JsonNode?>(d.Key, d.Value))]);
        }

        var (code, _) = cluster.Server.Store.Create(resource, "default", content, manager, dryRun: false);
        Assert.Equal(201, code);
    }
}
