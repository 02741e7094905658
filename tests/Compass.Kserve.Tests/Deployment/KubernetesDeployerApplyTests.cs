using System.Text.Json.Nodes;
using Compass.Kserve.Deployment;
using Compass.Kserve.Tests.Deployment.FakeApiServer;

namespace Compass.Kserve.Tests.Deployment;

public sealed class KubernetesDeployerApplyTests
{
    [Fact]
    public async Task Apply_CreatesEveryObjectWithServerSideApplyLabelsAndARevision()
    {
        await using var cluster = await Cluster.StartAsync();
        var progress = new ProgressLog();

        var result = await cluster.ApplyAsync(progress: progress);

        Assert.Equal("chat", result.Name);
        Assert.Equal("default", result.Namespace);
        Assert.Equal(1, result.Revision);
        Assert.Equal(["ConfigMap", "InferenceService", "PodDisruptionBudget", "PrometheusRule", "ScaledObject", "ServiceMonitor"], result.Objects.Select(o => o.Kind).Order(StringComparer.Ordinal));
        Assert.Equal("ConfigMap", result.Objects[0].Kind);
        Assert.Equal("InferenceService", result.Objects[1].Kind);
        Assert.All(result.Objects, o => Assert.NotEmpty(o.Uid));
        Assert.All(result.Objects, o => Assert.NotEmpty(o.ResourceVersion));

        var isvc = cluster.Isvc()!;
        Assert.Equal("compass", isvc.Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal("chat", isvc.Labels["app.kubernetes.io/instance"]);
        Assert.Equal(1, isvc.Content["spec"]!["predictor"]!["minReplicas"]!.GetValue<long>());
        Assert.Equal("2026-01-01T00:00:00Z", isvc.Content["metadata"]!["creationTimestamp"]!.GetValue<string>());
        Assert.Contains("compass", isvc.Managers.Keys);

        var applies = cluster.Server.Requests.Where(r => r.StartsWith("PATCH", StringComparison.Ordinal)).ToList();
        Assert.Contains(applies, r => r.StartsWith("PATCH /apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices/chat?", StringComparison.Ordinal));
        Assert.Contains(applies, r => r.StartsWith("PATCH /api/v1/namespaces/default/configmaps/chat-vllm-config?", StringComparison.Ordinal));
        Assert.All(applies, r => Assert.Contains("fieldManager=compass", r, StringComparison.Ordinal));
        Assert.All(applies, r => Assert.DoesNotContain("force=true", r.Contains("revisions", StringComparison.Ordinal) ? string.Empty : r, StringComparison.Ordinal));

        var revisions = cluster.Server.Store.Find(FakeStore.Resource("configmaps"), "default", "compass-chat-revisions")!;
        Assert.Equal("1", revisions.Content["metadata"]!["annotations"]!["compass.io/revision"]!.GetValue<string>());
        Assert.Contains(progress.Lines, l => l.StartsWith("inferenceservice.serving.kserve.io/chat serverside-applied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reapply_Unchanged_KeepsResourceVersionsAndRecordsNoRevision()
    {
        await using var cluster = await Cluster.StartAsync();
        var first = await cluster.ApplyAsync();

        var second = await cluster.ApplyAsync();

        Assert.Null(second.Revision);
        Assert.Equal(first.Objects.Select(o => (o.Kind, o.Uid, o.ResourceVersion)), second.Objects.Select(o => (o.Kind, o.Uid, o.ResourceVersion)));
    }

    [Fact]
    public async Task Reapply_Changed_BumpsResourceVersionAndGenerationAndRecordsRevision2()
    {
        await using var cluster = await Cluster.StartAsync();
        var first = await cluster.ApplyAsync();
        cluster.Samples.Rewrite(minReplicas: 2);

        var second = await cluster.ApplyAsync();

        Assert.Equal(2, second.Revision);
        var before = first.Objects.Single(o => o.Kind == "InferenceService");
        var after = second.Objects.Single(o => o.Kind == "InferenceService");
        Assert.Equal(before.Uid, after.Uid);
        Assert.NotEqual(before.ResourceVersion, after.ResourceVersion);
        Assert.Equal(2, after.Generation);
        Assert.Equal(2, cluster.Isvc()!.Content["spec"]!["predictor"]!["minReplicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task DryRun_ValidatesOnTheServerAndStoresNothing()
    {
        await using var cluster = await Cluster.StartAsync();

        var result = await cluster.ApplyAsync(dryRun: true);

        Assert.True(result.DryRun);
        Assert.Null(result.Revision);
        Assert.Equal(6, result.Objects.Count);
        Assert.All(cluster.Server.Requests.Where(r => r.StartsWith("PATCH", StringComparison.Ordinal)), r => Assert.Contains("dryRun=All", r, StringComparison.Ordinal));
        Assert.Null(cluster.Isvc());
        Assert.Null(cluster.Server.Store.Find(FakeStore.Resource("configmaps"), "default", "compass-chat-revisions"));
    }

    [Fact]
    public async Task DryRun_InvalidObject_IsRejectedWith422Causes()
    {
        await using var cluster = await Cluster.StartAsync();
        var broken = ManifestLoader.Parse("""
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata: {name: chat}
            spec: {}
            """, "broken.yaml");

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.Deployer.ApplyAsync(new DeploymentRequest(broken) { DryRun = true }));

        Assert.Equal(DeploymentFailure.Invalid, ex.Failure);
        Assert.Contains("InferenceService default/chat as invalid (422 Unprocessable Entity)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fields: spec.predictor: Required value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingNamespace_WithoutCreate_SaysHowToFix_WithCreate_CreatesIt()
    {
        await using var cluster = await Cluster.StartAsync();

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.ApplyAsync(ns: "llm"));
        Assert.Equal(DeploymentFailure.NotFound, ex.Failure);
        Assert.Contains("namespace llm does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("or let the deployment create it", ex.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(DeploymentRequest.CreateNamespace), ex.Setting);

        var result = await cluster.ApplyAsync(ns: "llm", createNamespace: true);

        Assert.True(result.NamespaceCreated);
        Assert.True(cluster.Server.Store.NamespaceExists("llm"));
        Assert.NotNull(cluster.Isvc(ns: "llm"));
        Assert.Contains(cluster.Server.Requests, r => r.StartsWith("POST /api/v1/namespaces?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DryRun_WithCreateNamespace_CreatesNothing()
    {
        await using var cluster = await Cluster.StartAsync();
        var progress = new ProgressLog();

        var result = await cluster.ApplyAsync(dryRun: true, ns: "llm", createNamespace: true, progress: progress);

        Assert.True(result.NamespaceCreated);
        Assert.False(cluster.Server.Store.NamespaceExists("llm"));
        Assert.Contains(progress.Lines, l => l.Contains("would be created", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ObjectInAnotherNamespaceThanTheFlag_IsRefused()
    {
        await using var cluster = await Cluster.StartAsync();
        var docs = ManifestLoader.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: other}\n", "x.yaml");

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.Deployer.ApplyAsync(new DeploymentRequest(docs) { Namespace = "llm", Name = "x" }));

        Assert.Contains("is in namespace other, but the deployment's namespace is llm", ex.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(DeploymentRequest.Namespace), ex.Setting);
    }

    [Fact]
    public async Task FieldOwnedByAnotherManager_IsAConflict_UnlessForced()
    {
        await using var cluster = await Cluster.StartAsync();
        await cluster.ApplyAsync();
        var edit = (JsonObject)JsonNode.Parse("""{"apiVersion":"serving.kserve.io/v1beta1","kind":"InferenceService","metadata":{"name":"chat"},"spec":{"predictor":{"minReplicas":5}}}""")!;
        var (code, _) = cluster.Server.Store.Apply(FakeStore.Resource("inferenceservices"), "default", "chat", edit, "kubectl", force: true, dryRun: false);
        Assert.Equal(200, code);
        cluster.Samples.Rewrite(minReplicas: 2);

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.ApplyAsync());

        Assert.Equal(DeploymentFailure.Conflict, ex.Failure);
        Assert.Contains("Another field manager (kubectl) owns .spec.predictor.minReplicas of InferenceService default/chat", ex.Message, StringComparison.Ordinal);
        Assert.Contains("apply again with force to take ownership", ex.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(DeploymentRequest.Force), ex.Setting);

        await cluster.ApplyAsync(force: true);
        Assert.Equal(2, cluster.Isvc()!.Content["spec"]!["predictor"]!["minReplicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task UnknownGroupKind_IsResolvedByDiscovery()
    {
        await using var cluster = await Cluster.StartAsync();
        var docs = ManifestLoader.Parse("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n", "w.yaml");

        var result = await cluster.Deployer.ApplyAsync(new DeploymentRequest(docs) { Name = "w" });

        Assert.Single(result.Objects);
        Assert.Contains(cluster.Server.Requests, r => r == "GET /apis/example.com/v1");
        Assert.Contains(cluster.Server.Requests, r => r.StartsWith("PATCH /apis/example.com/v1/namespaces/default/widgets/w?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KindTheClusterDoesNotServe_SaysSo()
    {
        await using var cluster = await Cluster.StartAsync();
        var docs = ManifestLoader.Parse("apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n", "g.yaml");

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.Deployer.ApplyAsync(new DeploymentRequest(docs) { Name = "g" }));

        Assert.Contains("does not serve kind Gadget in example.com/v1 (g.yaml (document 1))", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoInferenceServiceAndNoName_AsksForAName()
    {
        await using var cluster = await Cluster.StartAsync();
        var docs = ManifestLoader.Parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "x.yaml");

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.Deployer.ApplyAsync(new DeploymentRequest(docs)));

        Assert.Contains("no InferenceService", ex.Message, StringComparison.Ordinal);
    }
}
