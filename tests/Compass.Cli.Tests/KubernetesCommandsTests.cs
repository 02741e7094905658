using System.Text.Json;
using Compass.Kserve.Tests.Deployment;
using Compass.Kserve.Tests.Deployment.FakeApiServer;

namespace Compass.Cli.Tests;

/// <summary>deploy, status, list, rollback and delete against the in-process API server, through a generated kubeconfig.</summary>
public sealed class KubernetesCommandsTests : IAsyncLifetime
{
    private FakeKubernetes _server = null!;
    private SampleManifests _samples = null!;
    private string _dir = null!;
    private string _kubeconfig = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetes.StartAsync();
        _server.Controller.PollsToReady = 1;
        _samples = SampleManifests.Write();
        _dir = Directory.CreateTempSubdirectory("compass-cli-kube-").FullName;
        _kubeconfig = _server.WriteKubeconfig(_dir);
    }

    public async Task DisposeAsync()
    {
        _samples.Dispose();
        Directory.Delete(_dir, true);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Deploy_Wait_Status_Rollback_Delete()
    {
        var deploy = await RunAsync("deploy", "--dir", _samples.Directory, "--namespace", "llm", "--create-namespace", "--wait", "--timeout", "30");
        Assert.Equal(ExitCodes.Success, deploy.ExitCode);
        Assert.Contains("Applying 6 objects from", deploy.Stdout, StringComparison.Ordinal);
        Assert.Contains("namespace/llm created", deploy.Stdout, StringComparison.Ordinal);
        Assert.Contains("inferenceservice.serving.kserve.io/chat serverside-applied", deploy.Stdout, StringComparison.Ordinal);
        Assert.Contains("Deployed chat to namespace llm (revision 1).", deploy.Stdout, StringComparison.Ordinal);
        Assert.Contains("chat is Ready: http://chat.llm.example.com/", deploy.Stdout, StringComparison.Ordinal);

        var status = await RunAsync("status", "chat", "--namespace", "llm");
        Assert.Equal(ExitCodes.Success, status.ExitCode);
        Assert.Contains("chat in namespace llm: Ready (revision 1)", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("Conditions  IngressReady=True, PredictorReady=True, Ready=True", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("Pods        1/1 ready", status.Stdout, StringComparison.Ordinal);

        var json = await RunAsync("status", "chat", "--namespace", "llm", "--json");
        using (var doc = JsonDocument.Parse(json.Stdout))
        {
            Assert.True(doc.RootElement.GetProperty("ready").GetBoolean());
            Assert.Equal("http://chat.llm.example.com", doc.RootElement.GetProperty("url").GetString());
        }

        _samples.Rewrite(minReplicas: 3);
        Assert.Contains("(revision 2)", (await RunAsync("deploy", "--dir", _samples.Directory, "--namespace", "llm")).Stdout, StringComparison.Ordinal);

        var rollback = await RunAsync("rollback", "chat", "--namespace", "llm", "--yes");
        Assert.Equal(ExitCodes.Success, rollback.ExitCode);
        Assert.Contains("Rolling back chat from revision 2 to revision 1", rollback.Stdout, StringComparison.Ordinal);
        Assert.Contains("now revision 3", rollback.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, _server.Store.Find(FakeStore.Resource("inferenceservices"), "llm", "chat")!.Content["spec"]!["predictor"]!["minReplicas"]!.GetValue<long>());

        var list = await RunAsync("list", "--namespace", "llm");
        Assert.Contains("chat  llm", list.Stdout, StringComparison.Ordinal);

        var delete = await RunAsync("delete", "chat", "--namespace", "llm", "--yes");
        Assert.Equal(ExitCodes.Success, delete.ExitCode);
        Assert.Contains("Will delete 7 objects of chat:", delete.Stdout, StringComparison.Ordinal);
        Assert.Contains("Deleted 7 objects of chat.", delete.Stdout, StringComparison.Ordinal);
        Assert.Contains("InferenceService llm/chat", delete.Stdout, StringComparison.Ordinal);
        Assert.Null(_server.Store.Find(FakeStore.Resource("inferenceservices"), "llm", "chat"));

        Assert.Contains("No Compass deployments in namespace llm.", (await RunAsync("list", "--namespace", "llm")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_DryRun_StoresNothing()
    {
        var run = await RunAsync("deploy", "--dir", _samples.Directory, "--dry-run");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Dry run: the API server accepted 6 objects for chat in namespace default; nothing was stored.", run.Stdout, StringComparison.Ordinal);
        Assert.Null(_server.Store.Find(FakeStore.Resource("inferenceservices"), "default", "chat"));
    }

    [Fact]
    public async Task Deploy_Forbidden_IsOneLineWithTheFix()
    {
        _server.Forbidden[("patch", "inferenceservices")] = true;

        var run = await RunAsync("deploy", "--dir", _samples.Directory);

        var line = run.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("lacks permission to patch inferenceservices.serving.kserve.io in namespace default", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Missing_IsOneLine()
    {
        var line = (await RunAsync("status", "nope")).AssertOneLineError(ExitCodes.Failure);

        Assert.Contains("InferenceService nope was not found in namespace default", line, StringComparison.Ordinal);
        Assert.Contains("(Check --namespace; compass list shows the Compass deployments.)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ToAMissingNamespace_NamesTheFlagThatCreatesIt()
    {
        var line = (await RunAsync("deploy", "--dir", _samples.Directory, "--namespace", "absent")).AssertOneLineError(ExitCodes.Failure);

        Assert.Contains("The namespace absent does not exist; create it (kubectl create namespace absent) or let the deployment create it. (Pass --create-namespace.)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_GetsOneLineErrors()
    {
        var empty = Directory.CreateTempSubdirectory("compass-cli-empty-").FullName;
        var malformed = Directory.CreateTempSubdirectory("compass-cli-bad-").FullName;
        await File.WriteAllTextAsync(Path.Combine(malformed, "isvc.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: [unclosed\n");
        try
        {
            Assert.Contains("Give the manifest directory with --dir DIR", (await RunAsync("deploy")).AssertOneLineError(), StringComparison.Ordinal);
            Assert.Contains("holds no Kubernetes manifests", (await RunAsync("deploy", "--dir", empty)).AssertOneLineError(), StringComparison.Ordinal);
            Assert.Contains("isvc.yaml, document 2 is not valid YAML at line 6", (await RunAsync("deploy", "--dir", malformed)).AssertOneLineError(), StringComparison.Ordinal);
            Assert.Contains("--timeout is how long --wait waits", (await RunAsync("deploy", "--dir", _samples.Directory, "--timeout", "5")).AssertOneLineError(), StringComparison.Ordinal);
            Assert.Contains("Give the deployment's name", (await RunAsync("rollback")).AssertOneLineError(), StringComparison.Ordinal);
            Assert.Contains("Did you mean --namespace?", (await RunAsync("list", "--namespaec", "x")).AssertOneLineError(), StringComparison.Ordinal);
            var missing = await CliRun.RunAsync("list", "--kubeconfig", Path.Combine(empty, "none"));
            Assert.Contains("does not exist; name another kubeconfig file, set KUBECONFIG, or run inside the cluster. (Pass --kubeconfig PATH.)", missing.AssertOneLineError(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, true);
            Directory.Delete(malformed, true);
        }
    }

    [Fact]
    public async Task UnreachableCluster_IsOneLine()
    {
        var dir = Directory.CreateTempSubdirectory("compass-cli-down-").FullName;
        try
        {
            var url = FakeKubernetes.UnreachableUrl();
            var path = Path.Combine(dir, "kubeconfig");
            await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(_kubeconfig)).Replace(_server.Url.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));

            var run = await CliRun.RunAsync("deploy", "--dir", _samples.Directory, "--kubeconfig", path);

            var line = run.AssertOneLineError(ExitCodes.Failure);
            Assert.Contains($"Cannot reach the Kubernetes API server at {url.GetLeftPart(UriPartial.Authority)}", line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Help_ListsTheOptions()
    {
        var run = await CliRun.RunAsync("deploy", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("--create-namespace", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--kubeconfig <PATH>", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_ShowsClusterNamespaceAndObjects_AndAsks()
    {
        Assert.Equal(ExitCodes.Success, (await RunAsync("deploy", "--dir", _samples.Directory)).ExitCode);
        var helm = new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = "chat-credentials",
                ["labels"] = new System.Text.Json.Nodes.JsonObject { ["app.kubernetes.io/instance"] = "chat", ["app.kubernetes.io/managed-by"] = "Helm" },
            },
        };
        Assert.Equal(201, _server.Store.Create(FakeStore.Resource("secrets"), "default", helm, "helm", dryRun: false).Code);

        var dry = await RunAsync("delete", "chat", "--dry-run");
        Assert.Equal(ExitCodes.Success, dry.ExitCode);
        Assert.Contains($"Cluster: context fake ({_server.Url}), namespace default", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("Would delete 7 objects of chat:", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("  InferenceService default/chat", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("  Secret default/chat-credentials: it is labelled app.kubernetes.io/managed-by=Helm", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was deleted.", dry.Stdout, StringComparison.Ordinal);

        // No answer (a script's closed input): refused, nothing deleted.
        var unanswered = await RunAsync("delete", "chat");
        Assert.Contains("Pass --yes", unanswered.AssertOneLineError(), StringComparison.Ordinal);
        Assert.NotNull(_server.Store.Find(FakeStore.Resource("inferenceservices"), "default", "chat"));

        var declined = await CliRun.RunWithInputAsync("n\n", "delete", "chat", "--kubeconfig", _kubeconfig);
        Assert.Equal(ExitCodes.Success, declined.ExitCode);
        Assert.Contains("Delete these 7 objects from namespace default (context fake", declined.Stdout, StringComparison.Ordinal);
        Assert.Contains("Nothing was deleted.", declined.Stdout, StringComparison.Ordinal);
        Assert.NotNull(_server.Store.Find(FakeStore.Resource("inferenceservices"), "default", "chat"));

        var accepted = await CliRun.RunWithInputAsync("y\n", "delete", "chat", "--kubeconfig", _kubeconfig);
        Assert.Equal(ExitCodes.Success, accepted.ExitCode);
        Assert.Contains("Deleted 7 objects of chat.", accepted.Stdout, StringComparison.Ordinal);
        Assert.Null(_server.Store.Find(FakeStore.Resource("inferenceservices"), "default", "chat"));
        Assert.NotNull(_server.Store.Find(FakeStore.Resource("secrets"), "default", "chat-credentials"));
    }

    [Fact]
    public async Task Rollback_ShowsTheChange_AndAsks()
    {
        Assert.Equal(ExitCodes.Success, (await RunAsync("deploy", "--dir", _samples.Directory)).ExitCode);
        _samples.Rewrite(minReplicas: 3);
        Assert.Equal(ExitCodes.Success, (await RunAsync("deploy", "--dir", _samples.Directory)).ExitCode);

        var dry = await RunAsync("rollback", "chat", "--dry-run");
        Assert.Equal(ExitCodes.Success, dry.ExitCode);
        Assert.Contains("Roll back chat from revision 2 to revision 1:", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("  apply   InferenceService default/chat", dry.Stdout, StringComparison.Ordinal);

        var unanswered = await RunAsync("rollback", "chat");
        Assert.Contains("Pass --yes", unanswered.AssertOneLineError(), StringComparison.Ordinal);
        Assert.Equal(3, _server.Store.Find(FakeStore.Resource("inferenceservices"), "default", "chat")!.Content["spec"]!["predictor"]!["minReplicas"]!.GetValue<long>());

        var accepted = await CliRun.RunWithInputAsync("yes\n", "rollback", "chat", "--kubeconfig", _kubeconfig);
        Assert.Equal(ExitCodes.Success, accepted.ExitCode);
        Assert.Contains("now revision 3", accepted.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, _server.Store.Find(FakeStore.Resource("inferenceservices"), "default", "chat")!.Content["spec"]!["predictor"]!["minReplicas"]!.GetValue<long>());
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync([.. args, "--kubeconfig", _kubeconfig]);
}
